package io.liverelay.media.control;

import static io.liverelay.media.control.Mkv.element;
import static io.liverelay.media.control.Mkv.string;
import static io.liverelay.media.control.Mkv.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether a second recording's tracks let it continue the first: read from real heads and from made ones. */
class MatroskaTracksTest {

    @Test
    void readsChromiumsTracks() throws IOException {
        MatroskaTracks tracks = MatroskaTracks.read(head(Recordings.chromium())).orElseThrow();

        assertEquals(new MatroskaTracks(1_000_000, List.of(
                new MatroskaTrack(1, MatroskaTrack.AUDIO, "A_OPUS", 0, 0, 1, 48000),
                new MatroskaTrack(2, MatroskaTrack.VIDEO, "V_MPEG4/ISO/AVC", 640, 360, 0, 0))), tracks);
    }

    @Test
    void twoRecordingsWithTheSameCodecsAndSizeAgree() throws IOException {
        for (Path first : List.of(MediaFixtures.h264Opus().path(), MediaFixtures.vp8Opus().path())) {
            byte[] firstHead = head(first);
            byte[] secondHead = head(Recordings.secondOf(first));

            assertFalse(Arrays.equals(firstHead, secondHead), "the heads differ (track UIDs at least)");
            assertEquals(Optional.empty(), MatroskaTracks.read(secondHead).orElseThrow()
                    .differenceFrom(MatroskaTracks.read(firstHead).orElseThrow()));
        }
    }

    @Test
    void anotherCodecIsNamed() throws IOException {
        MatroskaTracks vp8 = MatroskaTracks.read(head(MediaFixtures.vp8Opus().path())).orElseThrow();
        MatroskaTracks h264 = MatroskaTracks.read(head(MediaFixtures.h264Opus().path())).orElseThrow();

        assertEquals(Optional.of("video track 1 was V_VP8 1280x720, is V_MPEG4/ISO/AVC 1280x720"),
                h264.differenceFrom(vp8));
    }

    @Test
    void anotherSizeIsNamed() {
        MatroskaTracks first = tracks(video(2, "V_VP8", 1280, 720), audio(1, 2, Mkv.float8(0xB5, 48000)));
        MatroskaTracks second = tracks(video(2, "V_VP8", 640, 480), audio(1, 2, Mkv.float4(0xB5, 48000)));

        assertEquals(Optional.of("video track 2 was V_VP8 1280x720, is V_VP8 640x480"), second.differenceFrom(first));
    }

    @Test
    void soundIsComparedByChannelsAndRateWhateverTheFloatsWidth() {
        MatroskaTracks first = tracks(audio(1, 2, Mkv.float8(0xB5, 48000)));

        assertEquals(Optional.empty(), tracks(audio(1, 2, Mkv.float4(0xB5, 48000))).differenceFrom(first));
        assertEquals(Optional.of("audio track 1 was A_OPUS 2 ch 48000 Hz, is A_OPUS 1 ch 44100 Hz"),
                tracks(audio(1, 1, Mkv.float4(0xB5, 44100))).differenceFrom(first));
    }

    @Test
    void aMissingOrNewTrackIsNamed() {
        byte[] video = video(1, "V_VP8", 640, 480);
        MatroskaTracks both = tracks(video, audio(2, 2, Mkv.float4(0xB5, 48000)));
        MatroskaTracks picturesOnly = tracks(video);

        assertEquals(Optional.of("audio track 2 is missing"), picturesOnly.differenceFrom(both));
        assertEquals(Optional.of("audio track 2 is new: A_OPUS 2 ch 48000 Hz"), both.differenceFrom(picturesOnly));
    }

    @Test
    void withoutTracksThereIsNothingToRead() {
        assertTrue(MatroskaTracks.read("{\"type\":\"start\"}".getBytes()).isEmpty());
        assertTrue(MatroskaTracks.read(Mkv.concat(Mkv.ebmlHeader(), Mkv.unknownSize(Mkv.SEGMENT))).isEmpty());
        assertTrue(MatroskaTracks.read(new byte[0]).isEmpty());
    }

    private static byte[] head(Path recording) throws IOException {
        ClusterClock clock = new ClusterClock();
        byte[] media = Files.readAllBytes(recording);
        clock.feed(Arrays.copyOf(media, Recordings.firstCluster(media) + 100));
        return clock.head().orElseThrow();
    }

    private static MatroskaTracks tracks(byte[]... entries) {
        byte[] head = Mkv.concat(Mkv.ebmlHeader(), Mkv.unknownSize(Mkv.SEGMENT, element(Mkv.TRACKS, entries)));
        return MatroskaTracks.read(head).orElseThrow();
    }

    private static byte[] video(int number, String codec, int width, int height) {
        return element(Mkv.TRACK_ENTRY, uint(0xD7, number), uint(0x73C5, number * 7919L), uint(0x83, 1),
                string(0x86, codec), element(0xE0, uint(0xB0, width), uint(0xBA, height)));
    }

    private static byte[] audio(int number, int channels, byte[] rate) {
        return element(Mkv.TRACK_ENTRY, uint(0xD7, number), uint(0x83, 2), string(0x86, "A_OPUS"),
                element(0xE1, uint(0x9F, channels), rate));
    }
}
