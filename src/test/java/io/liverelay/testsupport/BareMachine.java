package io.liverelay.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code bin/bare-machine}: runs a command in a private mount namespace where ffmpeg, ffprobe and the shared
 * libraries a desktop brings along are hidden, as on a server with nothing but a JDK. It needs root; CI runs as
 * root, so there a missing root is a failure, elsewhere the test is skipped.
 */
public final class BareMachine {

    private BareMachine() {
    }

    /** The launcher to put before a command; skips (or, on CI, fails) the test when it cannot work here. */
    public static List<String> launcher() {
        Path script = Path.of(System.getProperty("relay.it.basedir", "."), "bin", "bare-machine").toAbsolutePath();
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean unshare = Files.isExecutable(Path.of("/usr/bin/unshare"));
        if (!root || !unshare || !Files.isExecutable(script)) {
            String why = "a bare machine needs root, /usr/bin/unshare and " + script;
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": CI runs as root, so this must work there");
            }
            Assumptions.abort(why);
        }
        return List.of(script.toString());
    }
}
