package io.liverelay.rtmp.control;

import java.time.Duration;

/** One budget for every blocking step of opening a session, so that the caller's timeout bounds them all. */
record Deadline(long nanos, Duration timeout) {

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    /** At least 1: 0 would mean "no timeout" to a socket; a passed deadline then fails at the next read. */
    int remainingMillis() {
        long left = (nanos - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** The timeout in words: "5 s", "500 ms". */
    String words() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
