package io.liverelay.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The timeline of one stream: what its simulated browser did (start sent, started received, chunks sent and how
 * late) and what the sink saw (first picture, lag samples). Times are System.nanoTime(); 0 means not yet.
 */
final class StreamTrace {

    /** A chunk sent later than this behind its schedule counts as a late send of the harness itself. */
    static final long LATE_NANOS = 100_000_000L;

    final String key;
    final int chunksPlanned;
    final double sliceSeconds;

    volatile long startSentNanos;
    volatile long startedNanos;
    volatile long firstChunkNanos;
    volatile long firstPictureNanos;
    volatile long sendEndNanos;
    volatile long destroyedNanos;
    volatile int chunksSent;
    volatile int lateSends;
    volatile long maxLateNanos;
    volatile boolean destroyed;
    volatile String failure;

    private final List<String> errors = new ArrayList<>();
    private final List<double[]> lag = new ArrayList<>();

    StreamTrace(String key, int chunksPlanned, double sliceSeconds) {
        this.key = key;
        this.chunksPlanned = chunksPlanned;
        this.sliceSeconds = sliceSeconds;
    }

    /** Media time the relay holds at {@code nanos}: one slice per chunk due so far, the first at once. */
    double mediaDueSeconds(long nanos) {
        long first = firstChunkNanos;
        if (first == 0) {
            return 0;
        }
        long due = Math.min(chunksPlanned, (nanos - first) / (long) (sliceSeconds * 1e9) + 1);
        return due * sliceSeconds;
    }

    /** Whether chunks are still due at {@code nanos} (the lag is sampled only while the browser sends). */
    boolean sending(long nanos) {
        long first = firstChunkNanos;
        return first != 0 && sendEndNanos == 0 && nanos - first < (long) (chunksPlanned * sliceSeconds * 1e9);
    }

    synchronized void addLag(double secondsSinceFirstChunk, double lagSeconds) {
        lag.add(new double[] {secondsSinceFirstChunk, lagSeconds});
    }

    /** {seconds since the first chunk, lag in seconds} pairs in time order. */
    synchronized List<double[]> lag() {
        return List.copyOf(lag);
    }

    synchronized void addError(String name) {
        errors.add(name);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    void sent(long lateNanos) {
        chunksSent++;
        if (lateNanos > LATE_NANOS) {
            lateSends++;
        }
        maxLateNanos = Math.max(maxLateNanos, lateNanos);
    }
}
