package io.liverelay.testsupport;

import java.util.List;

/** The outcome of a finished (or timed-out and killed) tool process: exit code and combined stdout+stderr. */
public record ProcessResult(List<String> command, int exitCode, String output, boolean timedOut) {

    private static final int TAIL = 4000;

    public boolean succeeded() { return !timedOut && exitCode == 0; }

    /** Returns this result, or fails with the command and the end of its output. */
    public ProcessResult requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError(describe());
        }
        return this;
    }

    public String describe() {
        String status = timedOut ? "timed out and was killed" : "exited with " + exitCode;
        String tail = output.length() > TAIL ? "..." + output.substring(output.length() - TAIL) : output;
        return String.join(" ", command) + " " + status + ":\n" + tail;
    }
}
