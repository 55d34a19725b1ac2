package io.liverelay.bench;

import java.util.Collection;

/**
 * What of a run of short streams falls inside the CPU window {@code [from, to)} (System.nanoTime()): the media
 * the browsers sent in it, and how many streams started and ended in it. Chunk k of a stream is due
 * k × slice after its first (SimulatedBrowser keeps to that schedule; a late send is counted apart).
 */
record StreamWindow(long from, long to) {

    StreamWindow {
        if (to < from) {
            throw new IllegalArgumentException("a window ends after it begins");
        }
    }

    /** Seconds of media a stream sent inside the window: one slice per chunk due in it, of those it sent. */
    double mediaSeconds(long firstChunkNanos, int chunksSent, double sliceSeconds) {
        if (firstChunkNanos == 0 || chunksSent <= 0) {
            return 0;
        }
        long slice = (long) (sliceSeconds * 1e9);
        // chunk k is in the window when from <= first + k·slice < to
        long firstIn = Math.max(0, ceilDiv(from - firstChunkNanos, slice));
        long endIn = Math.min(chunksSent, Math.max(0, ceilDiv(to - firstChunkNanos, slice)));
        return Math.max(0, endIn - firstIn) * sliceSeconds;
    }

    /**
     * Streams started and ended inside the window, as whole streams: (starts + ends) / 2. A stream started in the
     * window and ended after it brought its start into it, one started before and ended in it its end.
     */
    double cycles(Collection<Long> startNanos, Collection<Long> endNanos) {
        return (count(startNanos) + count(endNanos)) / 2.0;
    }

    double seconds() {
        return (to - from) / 1e9;
    }

    private long count(Collection<Long> nanos) {
        return nanos.stream().filter(t -> t != 0 && t >= from && t < to).count();
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
