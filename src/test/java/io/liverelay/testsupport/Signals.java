package io.liverelay.testsupport;

import java.time.Duration;
import java.util.List;

/** Freezes and thaws a process this test started (SIGSTOP, SIGCONT): a peer that stops reading, for real. */
public final class Signals {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Signals() {
    }

    public static void freeze(long pid) {
        send("-STOP", pid);
    }

    public static void thaw(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        Tools.run(TIMEOUT, List.of("kill", signal, Long.toString(pid))).requireSuccess();
    }
}
