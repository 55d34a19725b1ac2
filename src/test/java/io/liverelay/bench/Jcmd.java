package io.liverelay.bench;

import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Diagnostic commands to the relay's JVM through the JDK's jcmd (the attach API). */
final class Jcmd {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Jcmd() {
    }

    static String run(long pid, String... command) {
        List<String> args = new ArrayList<>(List.of(executable(), Long.toString(pid)));
        args.addAll(List.of(command));
        ProcessResult result = Tools.run(TIMEOUT, args);
        if (!result.succeeded()) {
            throw new IllegalStateException("jcmd failed: " + result.describe());
        }
        return result.output();
    }

    private static String executable() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }
}
