package io.liverelay.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.ServerJvm;
import io.liverelay.testsupport.SilentTcpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the hostile cases share for one server: its address and JVM, the canary streaming beside them, the
 * silent trap on 127.0.0.1, 127.0.0.2 and ::1 that proves nobody connected, a closed port, and the check
 * that follows every case.
 */
final class Harness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration REAP = Duration.ofSeconds(15);
    private static final AtomicInteger KEYS = new AtomicInteger();

    final URL base;
    final URI ws;
    final Path dir;
    final ServerJvm server;
    final SilentTcpServer trap;
    final int closedPort;
    private Canary canary;
    private IdleProbe idle;
    private final byte[] firstChunk;

    private Harness(URL base, Path dir) throws IOException {
        this.base = base;
        this.ws = RelayDeployment.streamUri(base);
        this.dir = dir;
        this.server = ServerJvm.payaraMicro();
        this.trap = SilentTcpServer.listen("127.0.0.1", "127.0.0.2", "::1");
        this.closedPort = closedPort();
        byte[] media = Files.readAllBytes(MediaFixtures.h264Opus().path());
        this.firstChunk = Arrays.copyOf(media, 256 * 1024);
        try {
            FfmpegProcesses.awaitNone(REAP);
            this.canary = Canary.start(ws, dir.resolve("canary"));
            this.idle = IdleProbe.start(this);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    static Harness start(URL base) {
        try {
            return new Harness(base, Files.createTempDirectory("hostile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, distinct stream key, so that a case's leftovers can never be mistaken for another's. */
    static String key(String what) {
        return what + "-" + KEYS.incrementAndGet() + "-0123456789";
    }

    static JsonObject config(String rtmp, String mimeType) {
        return Json.createObjectBuilder().add("rtmp", rtmp).add("mimeType", mimeType)
                .add("framerate", 30).add("audioSampleRate", 44100).build();
    }

    JsonObject config(String rtmp) {
        return config(rtmp, MediaFixtures.h264Opus().mimeType());
    }

    /** Where nothing listens on 127.0.0.1: an allowed destination that fails as soon as ffmpeg connects. */
    String nowhere() {
        return "rtmp://127.0.0.1:" + closedPort + "/live/" + key("nowhere");
    }

    RtmpSink sink(String what) {
        return RtmpSink.start(dir.resolve("sinks"), key(what));
    }

    /** The H.264 fixture's first 256 KB: the Matroska header and the first frames, as a recorder sends them. */
    byte[] firstChunk() {
        return firstChunk.clone();
    }

    /** Relay ffmpegs that belong to no long-running stream of this class (the canary, the idle probe). */
    Set<Long> strays() {
        Set<Long> background = background();
        return FfmpegProcesses.relayFfmpegs().stream().map(ProcessHandle::pid)
                .filter(pid -> !background.contains(pid)).collect(Collectors.toSet());
    }

    Set<Long> background() {
        Set<Long> pids = new HashSet<>(List.of(canary.pid()));
        if (idle != null) {
            pids.addAll(idle.ffmpegPids());
        }
        return pids;
    }

    /** The ffmpeg of the stream that just answered "started". */
    ProcessHandle ownFfmpeg() {
        return theOnlyNew(background());
    }

    static ProcessHandle theOnlyNew(Set<Long> known) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ProcessHandle> found;
        do {
            found = FfmpegProcesses.relayFfmpegs().stream().filter(p -> !known.contains(p.pid())).toList();
        } while (found.size() != 1 && System.nanoTime() < deadline && pause(Duration.ofMillis(50)));
        assertEquals(1, found.size(), () -> "expected one new relay ffmpeg besides " + known + ", found "
                + FfmpegProcesses.relayFfmpegs().stream().map(FfmpegProcesses::describe).toList());
        return found.get(0);
    }

    /** After every case: only the background streams' ffmpegs are left, and the canary is unharmed. */
    void afterCase(String name) {
        awaitNoStrays(REAP);
        canary.assertHealthy(name);
    }

    void awaitNoStrays(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!strays().isEmpty() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(100));
        }
        Set<Long> left = strays();
        if (!left.isEmpty()) {
            throw new AssertionError(left.size() + " relay ffmpeg(s) left after " + timeout + ": "
                    + FfmpegProcesses.relayFfmpegs().stream().filter(p -> left.contains(p.pid()))
                            .map(FfmpegProcesses::describe).toList());
        }
    }

    static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("ffmpeg " + FfmpegProcesses.describe(process) + " still runs after " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Canary canary() {
        return canary;
    }

    IdleProbe idle() {
        return idle;
    }

    @Override
    public void close() {
        if (idle != null) {
            idle.close();
        }
        if (canary != null) {
            canary.close();
        }
        trap.close();
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
