package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An RTMPS endpoint on 127.0.0.1, as ingests offer it: nginx's stream module ends TLS with a given certificate and
 * passes the bytes on to an RTMP server (an {@link NginxRtmp}). Needs Debian's libnginx-mod-stream.
 */
public final class TlsFront implements AutoCloseable {

    public static final String STREAM_MODULE = System.getProperty("testsupport.nginx.streamModule",
            "/usr/lib/nginx/modules/ngx_stream_module.so");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final ManagedProcess process;
    private final int port;

    private TlsFront(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Listens on a free port with {@code certificate}, forwarding to 127.0.0.1:{@code rtmpPort}. */
    public static TlsFront start(Path dir, TestCertificates.Pair certificate, int rtmpPort) {
        if (!Files.isRegularFile(Path.of(STREAM_MODULE))) {
            throw new IllegalStateException(STREAM_MODULE + " is missing: install the Debian package "
                    + "libnginx-mod-stream (bin/test does)");
        }
        int port = Loopback.freePort();
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, NginxRtmp.header(STREAM_MODULE, dir) + """
                    stream {
                        server {
                            listen 127.0.0.1:%d ssl;
                            ssl_certificate %s;
                            ssl_certificate_key %s;
                            proxy_pass 127.0.0.1:%d;
                        }
                    }
                    """.formatted(port, certificate.certificate(), certificate.key(), rtmpPort));
            var process = ManagedProcess.start(new ProcessBuilder(List.of(NginxRtmp.NGINX, "-p", dir.toString(),
                    "-e", dir.resolve("error.log").toString(), "-c", conf.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile())));
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!ListeningSockets.isListening(process.pid(), port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.close();
                    throw new IllegalStateException("nginx did not listen for TLS on " + port + ":\n"
                            + Files.readString(dir.resolve("error.log")));
                }
                Loopback.sleep(Duration.ofMillis(20), "nginx's TLS front");
            }
            return new TlsFront(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.close();
    }
}
