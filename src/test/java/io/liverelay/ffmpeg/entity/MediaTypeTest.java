package io.liverelay.ffmpeg.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One reading of a recorder's mimeType: what browsers record is known, anything else is refused by name. */
class MediaTypeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "video/webm;codecs=vp8,opus | MATROSKA | VP8 | OPUS | TRANSCODE | false",
        "video/webm;codecs=vp9,opus | MATROSKA | VP9 | OPUS | TRANSCODE | false",
        "video/webm; codecs=\"vp09.00.10.08, opus\" | MATROSKA | VP9 | OPUS | TRANSCODE | false",
        "video/webm;codecs=av01.0.04M.08,opus | MATROSKA | AV1 | OPUS | TRANSCODE | false",
        "video/webm;codecs=h264,opus | MATROSKA | H264 | OPUS | COPY | false",
        "video/x-matroska;codecs=avc1.42E01F,opus | MATROSKA | H264 | OPUS | COPY | false",
        "video/mp4;codecs=avc1,mp4a.40.2 | MP4 | H264 | AAC | COPY | true",
        "video/mp4;codecs=avc3.64001f,opus | MP4 | H264 | OPUS | COPY | false",
        "VIDEO/WEBM;CODECS=VP8,OPUS | MATROSKA | VP8 | OPUS | TRANSCODE | false"})
    void whatRecordersMakeIsRead(String mimeType, MediaType.Container container, MediaType.Video video,
            MediaType.Audio audio, VideoMode mode, boolean aac) throws MediaType.Unknown {
        MediaType media = MediaType.parse(mimeType);
        assertEquals(container, media.container());
        assertEquals(Optional.of(video), media.video());
        assertEquals(Optional.of(audio), media.audio());
        assertEquals(mode, media.videoMode());
        assertEquals(aac, media.audioIsAac());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"video/webm", "video/mp4", "audio/webm;codecs=opus"})
    void withoutAVideoCodecTheVideoIsEncoded(String mimeType) throws MediaType.Unknown {
        MediaType media = MediaType.parse(mimeType);
        assertEquals(VideoMode.TRANSCODE, media.videoMode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "video/webm;codecs=vp8           | true",
        "video/x-matroska;codecs=avc1    | true",
        "video/mp4;codecs=avc1.64001f    | true",
        "video/webm;codecs=vp8,opus      | false",
        "video/mp4;codecs=avc1,mp4a.40.2 | false",
        "audio/webm;codecs=opus          | false",
        "video/webm                      | false",
        "video/mp4                       | false"})
    void codecsWithoutAnAudioCodecMeanNoSoundAndNoCodecsSayNothing(String mimeType, boolean noAudio)
            throws MediaType.Unknown {
        assertEquals(noAudio, MediaType.parse(mimeType).namesNoAudio());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"video/ogg;codecs=theora", "video/quicktime", "text/html", "video/webm;codecs=vp8,evil",
        "video/x-matroska;codecs=avc1 -y -f null -i x", "video/webm;codecs=vp8,vp9", "video/webm;codecs=opus,aac",
        "video/webm;profiles=x", "video/webm;codecs=", "video/webm;codecs=vp8,,opus"})
    void anythingElseIsRefusedByName(String mimeType) {
        MediaType.Unknown e = assertThrows(MediaType.Unknown.class, () -> MediaType.parse(mimeType));
        assertTrue(e.getMessage().startsWith("mimeType "), e.getMessage());
    }
}
