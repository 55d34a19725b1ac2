package io.liverelay.bench;

import io.liverelay.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The RTMP ingest of the stress run: nginx-rtmp as {@link NginxSink} runs it (one process, 127.0.0.1 only), but
 * recording nothing, and with nginx-rtmp's control module on an HTTP port of its own, so that the run can drop
 * one publisher ({@code /control/drop/publisher}) the way an ingest that restarts does, and watch the relay
 * reconnect, while every other stream goes on.
 */
final class StressSink implements AutoCloseable {

    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final ManagedProcess process;
    private final int rtmpPort;
    private final int controlPort;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONTROL_TIMEOUT).build();

    private StressSink(ManagedProcess process, int rtmpPort, int controlPort, Path dir) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.controlPort = controlPort;
        this.dir = dir;
    }

    /** Starts nginx with its configuration, logs and temporary files in {@code directory}. */
    static StressSink start(Path directory) {
        Path dir = directory.toAbsolutePath(); // nginx resolves relative paths against its prefix
        Path nginx = Path.of(System.getProperty(NginxSink.NGINX_PROPERTY, "/usr/sbin/nginx"));
        Path module = Path.of(System.getProperty(NginxSink.MODULE_PROPERTY,
                "/usr/lib/nginx/modules/ngx_rtmp_module.so"));
        if (!Files.isExecutable(nginx) || !Files.isRegularFile(module)) {
            throw new IllegalStateException("nginx-rtmp not found (" + nginx + ", " + module
                    + "): apt-get install nginx libnginx-mod-rtmp, or set -D" + NginxSink.NGINX_PROPERTY + " and -D"
                    + NginxSink.MODULE_PROPERTY);
        }
        try {
            Files.createDirectories(dir.resolve("temp"));
            for (int attempt = 1; ; attempt++) {
                int rtmpPort = Loopback.freePort();
                int controlPort = Loopback.freePort();
                while (controlPort == rtmpPort) {
                    controlPort = Loopback.freePort();
                }
                Path conf = dir.resolve("nginx.conf");
                Files.writeString(conf, configuration(module, dir, rtmpPort, controlPort));
                var process = ManagedProcess.start(new ProcessBuilder(nginx.toString(), "-p", dir.toString(),
                        "-e", dir.resolve("error.log").toString(), "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()));
                var sink = new StressSink(process, rtmpPort, controlPort, dir);
                if (sink.awaitListening(rtmpPort) && sink.awaitListening(controlPort)) {
                    return sink;
                }
                String log = sink.log();
                sink.close();
                if (attempt == ATTEMPTS || !log.contains("in use")) {
                    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + rtmpPort + " and :"
                            + controlPort + ":\n" + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // the http block is there for the control module only; its temporary paths are set, since the
    // compiled-in ones (/var/lib/nginx) need root
    private static String configuration(Path module, Path dir, int rtmpPort, int controlPort) {
        Path temp = dir.resolve("temp");
        return """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s;
                    proxy_temp_path %s;
                    fastcgi_temp_path %s;
                    uwsgi_temp_path %s;
                    scgi_temp_path %s;
                    server {
                        listen 127.0.0.1:%d;
                        location /control {
                            rtmp_control all;
                        }
                    }
                }
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        application live {
                            live on;
                        }
                    }
                }
                """.formatted(module, dir.resolve("nginx.pid"), dir.resolve("error.log"), temp, temp, temp, temp,
                temp, controlPort, rtmpPort);
    }

    String url(String key) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key;
    }

    /**
     * Drops the publisher of {@code key}: nginx closes that RTMP connection. Returns how many publishers it
     * dropped (0 when none published that key), or -1 when the control module did not answer as expected.
     */
    int dropPublisher(String key) {
        URI uri = URI.create("http://127.0.0.1:" + controlPort + "/control/drop/publisher?app=live&name="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(CONTROL_TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Integer.parseInt(response.body().trim()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dropping a publisher", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        return NginxSink.logs(dir);
    }

    @Override
    public void close() {
        process.close();
    }

    private boolean awaitListening(int port) {
        return NginxSink.awaitListening(process, port);
    }
}
