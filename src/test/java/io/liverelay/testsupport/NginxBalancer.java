package io.liverelay.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * nginx as the load balancer in front of relay nodes on 127.0.0.1, configured as docs/operations.md shows: round
 * robin, WebSocket upgrade passed on, the client's address in X-Forwarded-For. Stopped on {@link #close()}.
 */
public final class NginxBalancer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final ManagedProcess process;
    private final int port;

    private NginxBalancer(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NginxBalancer start(Path dir, List<Integer> nodePorts) {
        int port = Loopback.freePort();
        ManagedProcess process = NginxRtmp.launch(dir, config(dir, port, nodePorts));
        if (!NginxRtmp.awaitListening(process, port, READY, "nginx as load balancer")) {
            process.close();
            throw new IllegalStateException("nginx did not listen on " + port + "; see " + dir.resolve("error.log"));
        }
        return new NginxBalancer(process, port);
    }

    static String config(Path dir, int port, List<Integer> nodePorts) {
        String servers = nodePorts.stream().map(p -> "        server 127.0.0.1:" + p + ";")
                .collect(Collectors.joining("\n"));
        return NginxRtmp.header(dir, 256) + """
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                    upstream relay {
                %2$s
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://relay;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_read_timeout 1h;
                        }
                    }
                }
                """.formatted(dir, servers, port);
    }

    /** http://127.0.0.1:port/relay/ */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/relay/");
    }

    @Override
    public void close() {
        process.close();
    }
}
