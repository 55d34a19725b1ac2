package io.liverelay.ffmpeg.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a stream gets a silent track: the browser's word and the mimeType, and it survives a new destination. */
class StreamConfigTest {

    private static final Destination ONE = new Destination(URI.create("rtmp://127.0.0.1/live/one"), "one");
    private static final Destination TWO = new Destination(URI.create("rtmp://127.0.0.1/live/two"), "two");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/webm;codecs=vp8,opus       | true  | false",
        "video/webm;codecs=vp8,opus       | false | true",
        "video/webm;codecs=vp8            | true  | true",
        "video/mp4;codecs=avc1,mp4a.40.2  | false | true",
        "video/webm                       | true  | false",
        "video/webm                       | false | true"})
    void silenceIsAddedWhenTheBrowserOrTheMimeTypeSaysThereIsNoSound(String mimeType, boolean audio,
            boolean silent) throws MediaType.Unknown {
        assertEquals(silent, config(mimeType, audio).silentAudio());
    }

    @Test
    void theConstructorsForCodeAssumeSoundAsTheSeedDid() {
        assertFalse(new StreamConfig(ONE, "video/webm;codecs=vp8,opus", 30, 48000, 128000, 2_500_000).silentAudio());
        assertTrue(new StreamConfig(ONE, "video/webm;codecs=vp8", 30, 48000, 128000, 2_500_000).silentAudio(),
                "the mimeType still speaks");
    }

    @Test
    void aDestinationCheckedAgainKeepsTheSilence() throws MediaType.Unknown {
        StreamConfig silent = config("video/webm;codecs=vp8,opus", false);

        assertTrue(silent.to(TWO).silentAudio());
        assertEquals(List.of(TWO), silent.to(TWO).destinations());
    }

    private static StreamConfig config(String mimeType, boolean audio) throws MediaType.Unknown {
        return new StreamConfig(List.of(ONE), mimeType, 30, 48000, 128000, 2_500_000, MediaType.parse(mimeType),
                audio);
    }
}
