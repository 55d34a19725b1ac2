package io.liverelay.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Locates ffmpeg/ffprobe on the PATH (bin/test installs Debian's) and runs short-lived tool commands. The relay's
 * own bundled ffmpeg is {@link #bundledFfmpeg()}; it has no ffprobe, so ffprobe must be on the PATH.
 */
public final class Tools {

    /** Set to {@code true} to use the bundled ffmpeg even when PATH has one. */
    public static final String FORCE_BUNDLED = "testsupport.ffmpeg.bundled";

    private static final String BUNDLED_RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

    private Tools() {
    }

    public static Path ffmpeg() {
        return FOUND.computeIfAbsent("ffmpeg", name -> preferred(name).orElseGet(Tools::bundledFfmpeg));
    }

    public static Path ffprobe() {
        return FOUND.computeIfAbsent("ffprobe", name -> onPath(name).orElseThrow(() -> new IllegalStateException(
                "no ffprobe on the PATH: bin/test installs Debian's ffmpeg package, which has it")));
    }

    /** The static ffmpeg the WAR carries (ws.schild:jave-nativebin-linux64), written once to target/ffmpeg-bundled. */
    public static Path bundledFfmpeg() {
        return FOUND.computeIfAbsent("bundled", name -> {
            Path file = Path.of("target", "ffmpeg-bundled", "ffmpeg").toAbsolutePath();
            try (InputStream binary = Tools.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
                if (binary == null) {
                    throw new IllegalStateException(BUNDLED_RESOURCE + " is not on the test classpath");
                }
                Files.createDirectories(file.getParent());
                Path part = file.resolveSibling("ffmpeg.part");
                Files.copy(binary, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                part.toFile().setExecutable(true, true);
                Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Runs a command (no shell), returning its exit code and combined output; kills it when the timeout passes. */
    public static ProcessResult run(Duration timeout, List<String> command) {
        var output = new ByteArrayOutputStream();
        try (var process = ManagedProcess.start(new ProcessBuilder(command).redirectErrorStream(true))) {
            Thread reader = new Thread(() -> drain(process.process().getInputStream(), output), "tool-output");
            reader.setDaemon(true);
            reader.start();
            boolean exited = process.awaitExit(timeout);
            if (!exited) {
                process.process().destroyForcibly();
            }
            reader.join(Duration.ofSeconds(5).toMillis());
            int exitCode = exited ? process.process().exitValue() : -1;
            return new ProcessResult(List.copyOf(command), exitCode, output.toString(StandardCharsets.UTF_8), !exited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException e) {
            // the process was killed: what was read so far is the output
        }
    }

    private static Optional<Path> preferred(String name) {
        return Boolean.getBoolean(FORCE_BUNDLED) ? Optional.empty() : onPath(name);
    }

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
