package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** A real RTMP server for one publisher: ffmpeg in listen mode, copying what it receives into an FLV file. */
public final class RtmpSink implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_LISTEN_TIMEOUT = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 3;

    private final ManagedProcess process;
    private final int port;
    private final String key;
    private final Path recording;
    private final Path logFile;

    private RtmpSink(ManagedProcess process, int port, String key, Path recording, Path logFile) {
        this.process = process;
        this.port = port;
        this.key = key;
        this.recording = recording;
        this.logFile = logFile;
    }

    /** Starts a sink recording to {@code dir/<key>.flv}; it gives up if nobody publishes within ten minutes. */
    public static RtmpSink start(Path dir, String key) {
        return start(dir, key, DEFAULT_LISTEN_TIMEOUT);
    }

    /**
     * A sink on a given port, e.g. one that comes back where an earlier one went away; its recording file is
     * named {@code <key>-<port>-<n>.flv} so that it does not overwrite the earlier one's.
     */
    public static RtmpSink restartOn(Path dir, String key, int port, int n) {
        Path recording = dir.resolve(key + "-" + port + "-" + n + ".flv");
        Path logFile = dir.resolve(key + "-" + port + "-" + n + ".log");
        var sink = new RtmpSink(launch(port, key, recording, logFile, Duration.ofMinutes(2)), port, key, recording,
                logFile);
        if (!sink.awaitListening()) {
            String log = sink.log();
            sink.close();
            throw new IllegalStateException("RTMP sink did not start listening again on port " + port + ":\n" + log);
        }
        return sink;
    }

    public static RtmpSink start(Path dir, String key, Duration listenTimeout) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("stream key must match " + KEY + ": " + key);
        }
        Path recording = dir.resolve(key + ".flv");
        Path logFile = dir.resolve(key + ".log");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the free port may be taken again before ffmpeg binds it, so a lost race is retried on a new one
        for (int attempt = 1; ; attempt++) {
            int port = Loopback.freePort();
            var sink = new RtmpSink(launch(port, key, recording, logFile, listenTimeout), port, key, recording, logFile);
            if (sink.awaitListening()) {
                return sink;
            }
            String log = sink.log();
            sink.close();
            if (attempt == ATTEMPTS || !log.contains("already in use")) {
                throw new IllegalStateException("RTMP sink did not start listening on port " + port + ":\n" + log);
            }
        }
    }

    private static ManagedProcess launch(int port, String key, Path recording, Path logFile, Duration listenTimeout) {
        List<String> command = List.of(Tools.ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
                "-timeout", String.valueOf(Math.max(1, listenTimeout.toSeconds())), "-listen", "1",
                "-i", url(port, key), "-c", "copy", "-f", "flv", "-y", recording.toString());
        return ManagedProcess.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile()));
    }

    /** Where the publisher (the relay's ffmpeg) should send the stream. */
    public String url() { return url(port, key); }

    public int port() { return port; }

    public String key() { return key; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path recording() { return recording; }

    public Path logFile() { return logFile; }

    /** The sink ffmpeg's log so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits until the sink has ended (the publisher disconnected) and returns the finished, non-empty FLV. */
    public Path awaitRecording(Duration timeout) {
        if (!process.awaitExit(timeout)) {
            throw new AssertionError("RTMP sink still waiting for or receiving a publisher after "
                    + timeout + "; its log:\n" + log());
        }
        try {
            if (!Files.isRegularFile(recording) || Files.size(recording) == 0) {
                throw new AssertionError("RTMP sink exited with " + process.process().exitValue()
                        + " and recorded nothing; its log:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recording;
    }

    @Override
    public void close() {
        process.close();
    }

    // listen mode accepts exactly one connection, so readiness is read from the kernel instead of probed
    private boolean awaitListening() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (ListeningSockets.isListening(process.pid(), port)) {
                return true;
            }
            Loopback.sleep(Duration.ofMillis(20), "the RTMP sink");
        }
        return false;
    }

    private static String url(int port, String key) {
        return "rtmp://127.0.0.1:" + port + "/live/" + key;
    }


}
