package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The statically linked ffmpeg the WAR carries (ws.schild:jave-nativebin-linux64: ffmpeg 4.4.1 with libx264,
 * libopus and rtmp/rtmps; it needs no shared library, so it runs on a server that has nothing but a JDK).
 * Written once per JVM to a new folder only this user can read, under {@code java.io.tmpdir}, and deleted when
 * the JVM exits. The slim WAR does not carry it.
 */
final class BundledFfmpeg {

    static final String RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";

    /** Where the binary was written, or why it could not be. */
    record Extracted(Path path, String problem) {
    }

    private static Extracted extracted;

    private BundledFfmpeg() {
    }

    static synchronized Extracted extract() {
        if (extracted == null || extracted.path() == null) {
            extracted = write(BundledFfmpeg.class.getClassLoader());
        }
        return extracted;
    }

    static Extracted write(ClassLoader loader) {
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Extracted(null, "the bundled ffmpeg is built for Linux x86-64 and this server is " + os + "/"
                    + arch + ": install ffmpeg on the PATH or set relay.ffmpeg.path");
        }
        try (InputStream binary = loader.getResourceAsStream(RESOURCE)) {
            if (binary == null) {
                return new Extracted(null, "this WAR carries no ffmpeg (the slim build): install ffmpeg on the PATH"
                        + " or set relay.ffmpeg.path");
            }
            Path dir = Files.createTempDirectory("live-relay-ffmpeg-");
            Path file = dir.resolve("ffmpeg");
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            Files.copy(binary, file, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
            return new Extracted(file, null);
        } catch (IOException | UnsupportedOperationException e) {
            return new Extracted(null, "the bundled ffmpeg could not be written under java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + "): " + e.getMessage());
        }
    }
}
