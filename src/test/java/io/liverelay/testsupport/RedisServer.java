package io.liverelay.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's redis-server on 127.0.0.1 and a free port, nothing saved to disk; stopped on {@link #close()}.
 * {@link #stop()} and {@link #restart()} take the store away and bring it back on the same port.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private ManagedProcess process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start(Path dir) {
        RedisServer redis = new RedisServer(dir, Loopback.freePort());
        redis.restart();
        return redis;
    }

    /** The URL the relay's {@code relay.cluster.redisUrl} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts it (again) on its port and waits until it answers PING. */
    public void restart() {
        ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile());
        process = ManagedProcess.start(builder);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!answers()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not answer on port " + port + "; see "
                        + dir.resolve("redis.log"));
            }
            Loopback.sleep(Duration.ofMillis(50), "redis-server");
        }
    }

    /** The store goes away: SIGTERM, and the port is closed. */
    public void stop() {
        process.close();
    }

    /** True when it answers PING now. */
    public boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
