package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The RTMP sink of bin/run, for one stream: ffmpeg listening on 127.0.0.1, leaving in its directory what the
 * demo page's proof of arrival reads ({@code sink.log}, {@code sink-progress.txt}, {@code preview.jpg}).
 * Its arguments are bin/run's: keep the two in step.
 */
public final class DemoSink implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final ManagedProcess process;
    private final int port;
    private final Path dir;

    private DemoSink(ManagedProcess process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static DemoSink start(Path dir) {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "rtmp://127.0.0.1:" + port + "/live/demo";
        List<String> command = List.of(Tools.ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-listen", "1", "-i", url,
                "-progress", dir.resolve("sink-progress.txt").toString(), "-stats_period", "1",
                "-map", "0", "-c", "copy", "-f", "flv", "-y", dir.resolve("last-stream.flv").toString(),
                "-map", "0:v:0?", "-vf", "fps=1", "-update", "1", "-atomic_writing", "1", "-y",
                dir.resolve("preview.jpg").toString());
        var sink = new DemoSink(ManagedProcess.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sink.log").toFile()))), port, dir);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ListeningSockets.isListening(sink.pid(), port)) {
            if (!sink.process.isAlive() || System.nanoTime() > deadline) {
                String log = sink.log();
                sink.close();
                throw new IllegalStateException("the demo sink did not listen on " + port + ":\n" + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sink.close();
                throw new IllegalStateException(e);
            }
        }
        return sink;
    }

    public String url() { return "rtmp://127.0.0.1:" + port + "/live/demo"; }

    /** What bin/run passes as {@code relay.demo.sinkDir}. */
    public Path dir() { return dir; }

    public long pid() { return process.pid(); }

    public String log() {
        try {
            return Files.readString(dir.resolve("sink.log"));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
