package io.liverelay.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        ManagedProcess process = NginxRtmp.launch(dir, NginxRtmp.header(STREAM_MODULE, dir) + """
                stream {
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        proxy_pass 127.0.0.1:%d;
                    }
                }
                """.formatted(port, certificate.certificate(), certificate.key(), rtmpPort));
        if (!NginxRtmp.awaitListening(process, port, READY_TIMEOUT, "nginx's TLS front")) {
            process.close();
            throw new IllegalStateException("nginx did not listen for TLS on " + port + ":\n" + log(dir));
        }
        return new TlsFront(process, port);
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
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
