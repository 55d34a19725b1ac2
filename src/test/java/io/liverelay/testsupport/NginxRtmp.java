package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * nginx with Debian's libnginx-mod-rtmp on 127.0.0.1, what most self-hosters run: any number of publishers,
 * each recorded to {@code record/<key>.flv}. Its configuration, pid, log and recordings live in a directory of
 * its own; nginx runs in the foreground as a child process (no shell, no daemon) and ends with {@link #close()}.
 */
public final class NginxRtmp implements AutoCloseable {

    public static final String NGINX = System.getProperty("testsupport.nginx", "/usr/sbin/nginx");
    public static final String RTMP_MODULE = System.getProperty("testsupport.nginx.rtmpModule",
            "/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int ATTEMPTS = 3;

    private final ManagedProcess process;
    private final Path dir;
    private final int port;

    private NginxRtmp(ManagedProcess process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx-rtmp with its files under {@code dir}; fails with its log when it does not listen in time. */
    public static NginxRtmp start(Path dir) {
        for (String file : List.of(NGINX, RTMP_MODULE)) {
            if (!Files.isRegularFile(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: install the Debian packages nginx and "
                        + "libnginx-mod-rtmp (bin/test does)");
            }
        }
        try {
            Files.createDirectories(dir.resolve("record"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the free port may be taken again before nginx binds it, so a lost race is retried on a new one
        for (int attempt = 1; ; attempt++) {
            int port = Loopback.freePort();
            var nginx = new NginxRtmp(launch(dir, port), dir, port);
            if (nginx.awaitListening()) {
                return nginx;
            }
            String log = nginx.log();
            nginx.close();
            if (attempt == ATTEMPTS || !log.contains("Address already in use")) {
                throw new IllegalStateException("nginx-rtmp did not start listening on port " + port + ":\n" + log);
            }
        }
    }

    private static ManagedProcess launch(Path dir, int port) {
        return launch(dir, config(dir, port));
    }

    /** Writes {@code config} as {@code dir/nginx.conf} and runs nginx on it in the foreground, logging to dir. */
    static ManagedProcess launch(Path dir, String config) {
        Path conf = dir.resolve("nginx.conf");
        Path log = dir.resolve("error.log");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, config);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -e: even before reading the configuration, nginx logs here and not to /var/log/nginx
        List<String> command = List.of(NGINX, "-p", dir.toString(), "-e", log.toString(), "-c", conf.toString());
        return ManagedProcess.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile())));
    }

    /** True once {@code nginx} listens on {@code port}; false when it died or {@code timeout} passed first. */
    static boolean awaitListening(ManagedProcess nginx, int port, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nginx.isAlive() && System.nanoTime() < deadline) {
            if (ListeningSockets.isListening(nginx.pid(), port)) {
                return true;
            }
            Loopback.sleep(Duration.ofMillis(20), what);
        }
        return false;
    }

    /** What every nginx of the tests starts with: one module, in the foreground, its files under {@code dir}. */
    static String header(String module, Path dir) {
        return "load_module " + module + ";\n" + header(dir, 64);
    }

    /**
     * In the foreground, one process taking {@code connections} at once, its pid file and log under {@code dir};
     * nginx's core modules only.
     */
    static String header(Path dir, int connections) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s info;
                events { worker_connections %d; }
                """.formatted(dir.resolve("nginx.pid"), dir.resolve("error.log"), connections);
    }

    static String config(Path dir, int port) {
        return header(RTMP_MODULE, dir) + """
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        application live {
                            live on;
                            record all;
                            record_path %s;
                        }
                    }
                }
                """.formatted(port, dir.resolve("record"));
    }

    /** {@code rtmp://127.0.0.1:<port>/<app>/<key>}; only the application {@code live} exists. */
    public String url(String app, String key) {
        if (!NAME.matcher(app).matches() || !NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("application and key must match " + NAME + ": " + app + ", " + key);
        }
        return "rtmp://127.0.0.1:" + port + "/" + app + "/" + key;
    }

    public String url(String key) { return url("live", key); }

    public int port() { return port; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    /** Where the stream published with this key is (or will be) recorded. */
    public Path recording(String key) {
        return dir.resolve("record").resolve(key + ".flv");
    }

    /** The recordings made so far, finished or not. */
    public List<Path> recordings() {
        try (Stream<Path> files = Files.list(dir.resolve("record"))) {
            return files.filter(f -> f.toString().endsWith(".flv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the key's recording exists, is not empty and nginx has closed it (the publisher left), and
     * returns it. nginx writes no marker when a recording ends, so its open files are read from /proc.
     */
    public Path awaitRecording(String key, Duration timeout) {
        Path file = recording(key);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (size(file) > 0 && !isOpen(file)) {
                return file;
            }
            Loopback.sleep(POLL, "nginx-rtmp");
        }
        throw new AssertionError("no finished recording " + file.getFileName() + " after " + timeout
                + " (size " + size(file) + ", still open: " + isOpen(file) + "); nginx log:\n" + log());
    }

    /** nginx's error log (publish, disconnect and failures are logged at info). */
    public String log() {
        Path log = dir.resolve("error.log");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private boolean isOpen(Path file) {
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        try (Stream<Path> links = Files.list(fds)) {
            return links.anyMatch(link -> {
                try {
                    return Files.readSymbolicLink(link).equals(file.toAbsolutePath());
                } catch (IOException e) {
                    return false; // closed while listing
                }
            });
        } catch (IOException e) {
            return false; // nginx has ended, so nothing is open any more
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    // nginx accepts any number of connections, but reading the kernel's table needs no client of our own
    private boolean awaitListening() {
        return awaitListening(process, port, READY_TIMEOUT, "nginx-rtmp");
    }
}
