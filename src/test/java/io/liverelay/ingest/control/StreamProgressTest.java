package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ffmpeg.entity.Progress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamProgressTest {

    private static Progress frames(long frames, long atSecond) {
        return new Progress(frames, 25, 2500, frames * 40, 1, frames * 1000, Instant.ofEpochSecond(atSecond));
    }

    @Test
    void framesAddUpAcrossGenerationsWhileTheLatestCountsItsOwnOnly() {
        StreamProgress progress = new StreamProgress();
        progress.update(frames(100, 1));
        progress.restart();
        assertEquals(Progress.NONE, progress.latest());
        assertEquals(100, progress.total().frames());
        progress.update(frames(30, 2));
        assertEquals(30, progress.latest().frames());
        assertEquals(130, progress.total().frames());
        assertEquals(25, progress.total().fps());
    }

    @Test
    void theFrameTimeMovesOnlyWithNewFrames() {
        StreamProgress progress = new StreamProgress();
        progress.update(frames(0, 1));
        assertNull(progress.lastFrameAt());
        progress.update(frames(10, 2));
        progress.update(frames(10, 3));
        assertEquals(Instant.ofEpochSecond(2), progress.lastFrameAt());
        progress.restart();
        progress.update(frames(1, 4)); // a new generation's first frame is new, though fewer than before
        assertEquals(Instant.ofEpochSecond(4), progress.lastFrameAt());
    }

    @Test
    void liveAgainOnlyAtTheFirstFrameAfterARelaunch() {
        StreamProgress progress = new StreamProgress();
        assertFalse(progress.update(frames(10, 1)).liveAgain(), "the first start is no return");
        progress.restart();
        progress.relaunched();
        assertFalse(progress.update(frames(0, 2)).liveAgain());
        assertTrue(progress.update(frames(5, 3)).liveAgain());
        assertFalse(progress.update(frames(9, 4)).liveAgain());
    }

    @Test
    void bytesSentAreCountedOnceAcrossGenerationsAndTheFirstPictureOnce() {
        StreamProgress progress = new StreamProgress();
        progress.startRequested(System.nanoTime());
        StreamProgress.Update first = progress.update(frames(10, 1));
        assertTrue(first.firstPicture());
        assertEquals(10_000, first.newBytes());
        assertEquals(5_000, progress.update(frames(15, 2)).newBytes());
        progress.restart(); // a reconnect: the next ffmpeg counts from zero again
        progress.relaunched();
        StreamProgress.Update again = progress.update(frames(3, 3));
        assertEquals(3_000, again.newBytes());
        assertTrue(again.liveAgain());
        assertFalse(again.firstPicture(), "the first picture is the stream's");
    }
}
