package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import io.liverelay.ffmpeg.entity.StreamConfig;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The relay measures each pause itself, with its own clock: here a clock the test moves. */
class StreamPauseTest {

    private static final Destination DESTINATION = new Destination(URI.create("rtmp://127.0.0.1/live/k"), "k");
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void eachPauseAddsTheTimeFromPauseToResume() {
        StreamPause pause = matroska();

        pause.pause();
        now.addAndGet(3_000_000_000L);
        pause.resume();
        now.addAndGet(10_000_000_000L); // live again: not counted
        pause.pause();
        now.addAndGet(1_500_000_000L);
        assertTrue(pause.paused());
        pause.resume();

        assertFalse(pause.paused());
        assertEquals(4_500_000_000L, pause.shiftNanos());
    }

    @Test
    void aSecondPauseOrAResumeWithoutPauseChangesNothing() {
        StreamPause pause = matroska();

        pause.resume();
        pause.pause();
        now.addAndGet(2_000_000_000L);
        pause.pause(); // the first one counts
        now.addAndGet(1_000_000_000L);
        pause.resume();
        pause.resume();

        assertEquals(3_000_000_000L, pause.shiftNanos());
    }

    @Test
    void mp4KeepsTheRecordersClockAndItsBytes() {
        StreamPause pause = new StreamPause("s", new StreamConfig(DESTINATION, "video/mp4;codecs=avc1,mp4a.40.2",
                30, 48000, 128000, 2_500_000), now::get);
        byte[] chunk = {0, 0, 0, 24, 'f', 't', 'y', 'p'};

        pause.pause();
        now.addAndGet(3_000_000_000L);
        pause.resume();

        assertEquals(0, pause.shiftNanos());
        assertSame(chunk, pause.media(chunk));
    }

    private StreamPause matroska() {
        return new StreamPause("s", new StreamConfig(DESTINATION, "video/x-matroska;codecs=avc1,opus", 30, 48000,
                128000, 2_500_000), now::get);
    }
}
