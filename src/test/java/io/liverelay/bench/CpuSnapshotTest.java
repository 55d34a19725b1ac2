package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ffmpegs' CPU over a window from two made-up snapshots: those alive at its end and those that ended in it. */
class CpuSnapshotTest {

    @Test
    void anFfmpegAliveAtBothEndsCountsWhatItSpentInBetween() {
        var before = snapshot(Map.of(1L, 100L), 0);
        var after = snapshot(Map.of(1L, 250L), 0);

        assertEquals(150, before.ffmpegTicksUntil(after));
    }

    @Test
    void anFfmpegBornInTheWindowCountsFromZero() {
        var before = snapshot(Map.of(), 0);
        var after = snapshot(Map.of(2L, 40L), 0);

        assertEquals(40, before.ffmpegTicksUntil(after));
    }

    @Test
    void anFfmpegThatEndedInTheWindowCountsThroughTheJvmsReapedChildren() {
        // pid 1 had spent 100 ticks at the start and 180 when it ended; pid 3 was born and ended in the window
        // (60 ticks); pid 2 was born and is still alive (40); the JVM had reaped 500 ticks of children before
        var before = snapshot(Map.of(1L, 100L), 500);
        var after = snapshot(Map.of(2L, 40L), 500 + 180 + 60);

        assertEquals(80 + 60 + 40, before.ffmpegTicksUntil(after));
    }

    @Test
    void theOldReadingMissedEveryFfmpegThatEnded() {
        // a short-streams window: four 12 s streams ran and ended in it, one is under way; reaped children only
        // grow when something ends, so without them the window saw the live one alone
        var before = snapshot(Map.of(), 0);
        var after = snapshot(Map.of(9L, 30L), 4 * 25);

        assertEquals(130, before.ffmpegTicksUntil(after));
        assertEquals(130 / Proc.TICKS_PER_SECOND, before.until(after).ffmpeg(), 1e-9);
    }

    private static CpuSnapshot snapshot(Map<Long, Long> ffmpegs, long reapedChildren) {
        return new CpuSnapshot(0, 0, 0, Map.of(), ffmpegs, reapedChildren, 0, 0, 0, 0);
    }
}
