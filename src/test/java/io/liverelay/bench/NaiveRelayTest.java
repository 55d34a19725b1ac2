package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The naive relay's only rule (an RTMP URL on 127.0.0.1, never an option) and which ffmpeg it runs. */
class NaiveRelayTest {

    @Test
    void theSinksUrlsAreAccepted() {
        assertTrue(NaiveRelayEndpoint.acceptable("rtmp://127.0.0.1:41935/live/passthrough-10-3"));
        assertTrue(NaiveRelayEndpoint.acceptable("rtmp://127.0.0.1/live/key"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String url : new String[] {null, "", "rtmp://127.0.0.1", "rtmp://127.0.0.1:1935/",
                "rtmp://127.0.0.10/live/key", "rtmp://127.0.0.1.example.com/live/key", "rtmps://127.0.0.1/live/key",
                "rtmp://localhost/live/key", "rtmp://10.0.0.1/live/key", "-f rtmp://127.0.0.1/live/key",
                "rtmp://127.0.0.1/live/key -y /tmp/x", "rtmp://127.0.0.1/live/key;rm", "rtmp://127.0.0.1/live/$(id)",
                "rtmp://127.0.0.1/live/key\n", "rtmp://127.0.0.1:99999999/live/key", "rtmp://user@127.0.0.1/live/k",
                "rtmp://127.0.0.1/live/key?x=1"}) {
            assertFalse(NaiveRelayEndpoint.acceptable(url), url);
        }
    }

    @Test
    void theCommandIsTheIssuesAndTheUrlItsLastArgument() {
        assertEquals(List.of("/usr/bin/ffmpeg", "-i", "-", "-c:v", "copy", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:1935/live/k"), NaiveRelayEndpoint.command("/usr/bin/ffmpeg",
                "rtmp://127.0.0.1:1935/live/k"));
        assertThrows(IllegalArgumentException.class, () -> NaiveRelayEndpoint.command("ffmpeg", "-version"));
    }

    @Test
    void itRunsTheFfmpegOurRelayIsGiven() {
        assertEquals("/opt/ffmpeg", NaiveRelay.ffmpeg(List.of("-Xmx2g", "-Drelay.ffmpeg.path=/opt/ffmpeg"),
                () -> Path.of("/usr/bin/ffmpeg")));
        assertEquals("/b", NaiveRelay.ffmpeg(List.of("-Drelay.ffmpeg.path=/a", "-Drelay.ffmpeg.path=/b"),
                () -> Path.of("/usr/bin/ffmpeg")), "the last one, as the JVM takes it");
    }

    @Test
    void elseTheOneOurRelayWouldFind() {
        assertEquals("/usr/bin/ffmpeg", NaiveRelay.ffmpeg(List.of("-Xmx2g"), () -> Path.of("/usr/bin/ffmpeg")));
    }

    @Test
    void eachDestinationHasAKeyOfItsOwn() {
        assertEquals("passthrough-2dest-10-3", NginxSink.destinationKey("passthrough-2dest-10-3", 0));
        assertEquals("passthrough-2dest-10-3-d2", NginxSink.destinationKey("passthrough-2dest-10-3", 1));
        assertEquals("passthrough-2dest-10-3-d3", NginxSink.destinationKey("passthrough-2dest-10-3", 2));
    }
}
