package io.liverelay.bench;

import io.liverelay.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The RTMP ingest of the benchmark: nginx with Debian's libnginx-mod-rtmp, one process, 127.0.0.1 only. It
 * records the audio and the video keyframes of every stream it receives to {@code <key>.flv}, written as the
 * messages arrive, so {@link FlvTail} can tell what media time has reached the sink and when (nginx's stat page
 * shows bytes, never media time). Audio alone is 1/20 of the bytes and ticks every 21 ms; keyframes mark the
 * first picture.
 */
final class NginxSink implements AutoCloseable {

    static final String NGINX_PROPERTY = "bench.nginx";
    static final String MODULE_PROPERTY = "bench.nginx.rtmpModule";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final ManagedProcess process;
    private final int port;
    private final Path dir;
    private final Path recordings;

    private NginxSink(ManagedProcess process, int port, Path dir, Path recordings) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.recordings = recordings;
    }

    /** Starts nginx with its configuration and logs in {@code dir}; recordings go to RAM when /dev/shm exists. */
    static NginxSink start(Path directory) {
        Path dir = directory.toAbsolutePath(); // nginx resolves relative paths against its prefix
        Path nginx = Path.of(System.getProperty(NGINX_PROPERTY, "/usr/sbin/nginx"));
        Path module = Path.of(System.getProperty(MODULE_PROPERTY, "/usr/lib/nginx/modules/ngx_rtmp_module.so"));
        if (!Files.isExecutable(nginx) || !Files.isRegularFile(module)) {
            throw new IllegalStateException("nginx-rtmp not found (" + nginx + ", " + module
                    + "): apt-get install nginx libnginx-mod-rtmp, or set -D" + NGINX_PROPERTY + " and -D"
                    + MODULE_PROPERTY);
        }
        try {
            Files.createDirectories(dir);
            Path shm = Path.of("/dev/shm");
            Path recordings = Files.isWritable(shm) ? Files.createTempDirectory(shm, "relay-bench-")
                    : Files.createDirectories(dir.resolve("recordings"));
            for (int attempt = 1; ; attempt++) {
                int port = Loopback.freePort();
                Path conf = dir.resolve("nginx.conf");
                Files.writeString(conf, configuration(module, dir, recordings, port));
                var process = ManagedProcess.start(new ProcessBuilder(nginx.toString(), "-p", dir.toString(),
                        "-e", dir.resolve("error.log").toString(), "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()));
                var sink = new NginxSink(process, port, dir, recordings);
                if (sink.awaitListening()) {
                    return sink;
                }
                String log = sink.log();
                sink.close();
                if (attempt == ATTEMPTS || !log.contains("in use")) {
                    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + ":\n" + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // one process (no master), so its CPU is one /proc entry; records are written frame by frame
    private static String configuration(Path module, Path dir, Path recordings, int port) {
        return """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        application live {
                            live on;
                            record audio keyframes;
                            record_path %s;
                            record_unique off;
                        }
                    }
                }
                """.formatted(module, dir.resolve("nginx.pid"), dir.resolve("error.log"), port, recordings);
    }

    String url(String key) {
        return "rtmp://127.0.0.1:" + port + "/live/" + key;
    }

    Path recording(String key) {
        return recordings.resolve(key + ".flv");
    }

    /** The stream key of destination {@code index} (from 0) of a stream: its own key, then key-d2, key-d3, ... */
    static String destinationKey(String key, int index) {
        return index == 0 ? key : key + "-d" + (index + 1);
    }

    /** One URL per destination of a stream, each its own stream key on this sink. */
    List<String> urls(String key, int destinations) {
        return IntStream.range(0, destinations).mapToObj(i -> url(destinationKey(key, i))).toList();
    }

    /** The recordings of {@link #urls}, in the same order. */
    List<Path> recordings(String key, int destinations) {
        return IntStream.range(0, destinations).mapToObj(i -> recording(destinationKey(key, i))).toList();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void deleteRecordings() {
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        return logs(dir);
    }

    /** What an nginx of the harness wrote in {@code dir}: its stdout and stderr, then its error log. */
    static String logs(Path dir) {
        try {
            StringBuilder log = new StringBuilder();
            for (Path file : List.of(dir.resolve("nginx.out"), dir.resolve("error.log"))) {
                if (Files.exists(file)) {
                    log.append(Files.readString(file));
                }
            }
            return log.toString();
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(recordings)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover recording in a temp directory is harmless
        }
    }

    private boolean awaitListening() {
        return awaitListening(process, port);
    }

    /** True once {@code port} takes connections while the process still runs; false when it died or took too long. */
    static boolean awaitListening(ManagedProcess process, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                // someone else may hold the port: then our nginx is about to exit
                Loopback.sleep(Duration.ofMillis(100));
                return process.isAlive();
            } catch (IOException e) {
                Loopback.sleep(Duration.ofMillis(50));
            }
        }
        return false;
    }
}
