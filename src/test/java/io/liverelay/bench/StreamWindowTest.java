package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamWindowTest {

    private static final long S = 1_000_000_000L;
    private static final double SLICE = 0.25;

    @Test
    void aStreamInsideTheWindowCountsWhole() {
        var window = new StreamWindow(10 * S, 100 * S);

        assertEquals(12.0, window.mediaSeconds(20 * S, 48, SLICE), 1e-9);
    }

    @Test
    void onlyTheChunksDueInsideTheWindowCount() {
        var window = new StreamWindow(10 * S, 20 * S);

        // chunks due at 5.00 ... 16.75 s: those from 10.00 s on, 28 of them
        assertEquals(7.0, window.mediaSeconds(5 * S, 48, SLICE), 1e-9);
        // chunks due at 15.00 ... 26.75 s: those before 20 s, 20 of them
        assertEquals(5.0, window.mediaSeconds(15 * S, 48, SLICE), 1e-9);
    }

    @Test
    void aChunkDueAtTheWindowsStartIsInsideAndOneDueAtItsEndIsNot() {
        var window = new StreamWindow(10 * S, 11 * S);

        assertEquals(1.0, window.mediaSeconds(10 * S, 48, SLICE), 1e-9);
        assertEquals(0.0, window.mediaSeconds(11 * S, 48, SLICE), 1e-9);
    }

    @Test
    void chunksNeverSentDoNotCount() {
        var window = new StreamWindow(10 * S, 100 * S);

        assertEquals(2.5, window.mediaSeconds(20 * S, 10, SLICE), 1e-9, "the relay ended it after 10 chunks");
        assertEquals(0.0, window.mediaSeconds(0, 0, SLICE), 1e-9, "never started");
        assertEquals(0.0, window.mediaSeconds(200 * S, 48, SLICE), 1e-9, "after the window");
    }

    @Test
    void cyclesAreStartsAndEndsInTheWindowHalved() {
        var window = new StreamWindow(10 * S, 40 * S);

        // starts at 5 (before), 18, 31 (in), 44 (after); ends at 17, 30 (in), 43 (after); 0 = never
        double cycles = window.cycles(List.of(5 * S, 18 * S, 31 * S, 44 * S), List.of(17 * S, 30 * S, 43 * S, 0L));

        assertEquals(2.0, cycles, 1e-9);
    }

    @Test
    void aWindowEndsAfterItBegins() {
        assertThrows(IllegalArgumentException.class, () -> new StreamWindow(2 * S, S));
    }
}
