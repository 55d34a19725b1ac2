package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.util.List;

/** Starts a process from an argument list; tests may substitute it, production uses {@link #SYSTEM}. */
@FunctionalInterface
public interface ProcessLauncher {

    /** stdin is a pipe, stdout and stderr are merged into one pipe; no shell is involved. */
    ProcessLauncher SYSTEM = command -> new ProcessBuilder(command).redirectErrorStream(true).start();

    Process launch(List<String> command) throws IOException;

    /** stdout is a pipe of its own (ffmpeg writes media there), stderr another; no shell is involved. */
    default Process launchWithOwnStdout(List<String> command) throws IOException {
        return new ProcessBuilder(command).start();
    }
}
