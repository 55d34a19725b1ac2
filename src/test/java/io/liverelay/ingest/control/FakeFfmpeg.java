package io.liverelay.ingest.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for ffmpeg in unit tests of the control path (never in an integration test): it takes stdin, writes a
 * progress block every {@code progressMillis} as ffmpeg's {@code -progress pipe:1} does, ends with 0 when its
 * input ends, with 255 when killed, and can fail as an RTMP server going away makes ffmpeg fail.
 */
final class FakeFfmpeg extends Process {

    private static final AtomicLong PIDS = new AtomicLong(4_000_000);

    private final long pid = PIDS.incrementAndGet();
    private final long progressMillis;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final AtomicLong stdinBytes = new AtomicLong();
    private final java.io.ByteArrayOutputStream stdin = new java.io.ByteArrayOutputStream(); // its first KEPT bytes
    private static final int KEPT = 16 * 1024 * 1024;
    private volatile int exitCode = -1;
    private long frames;

    FakeFfmpeg(long progressMillis) {
        this.progressMillis = progressMillis;
    }

    /** Bytes written to stdin so far. */
    long stdinBytes() {
        return stdinBytes.get();
    }

    /** The first 16 MiB written to stdin. */
    byte[] stdin() {
        synchronized (stdin) {
            return stdin.toByteArray();
        }
    }

    /** ffmpeg lost its RTMP server: a log line that says so, then exit code 1. */
    void loseRtmpServer() {
        synchronized (lines) {
            lines.add("[rtmp @ 0x55d0] Connection reset by peer");
            lines.add("[out#0/flv @ 0x55d0] Error muxing a packet: I/O error");
        }
        exit(1);
    }

    /** ffmpeg fails on its own: an error line, then exit code 1. */
    void crash() {
        synchronized (lines) {
            lines.add("[matroska,webm @ 0x55d0] [error] Invalid data found when processing input");
        }
        exit(1);
    }

    private void exit(int code) {
        synchronized (this) {
            if (exitCode >= 0) {
                return;
            }
            exitCode = code;
        }
        exited.countDown();
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!isAlive()) {
                    throw new IOException("Broken pipe");
                }
                stdinBytes.addAndGet(len);
                synchronized (stdin) {
                    stdin.write(b, off, Math.max(0, Math.min(len, KEPT - stdin.size())));
                }
            }

            @Override
            public void close() {
                synchronized (lines) {
                    lines.add("progress=end");
                }
                exit(0);
            }
        };
    }

    @Override
    public InputStream getInputStream() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (position == current.length) {
                    String next = next();
                    if (next == null) {
                        return -1;
                    }
                    current = (next + "\n").getBytes(StandardCharsets.UTF_8);
                    position = 0;
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The next line of output; null once the process has exited and said everything. */
    private String next() throws IOException {
        while (true) {
            synchronized (lines) {
                if (!lines.isEmpty()) {
                    return lines.poll();
                }
            }
            if (!isAlive()) {
                return null;
            }
            try {
                if (exited.await(progressMillis, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            frames += 3;
            synchronized (lines) {
                lines.add("frame=" + frames);
                lines.add("fps=30.0");
                lines.add("bitrate=2500.0kbits/s");
                lines.add("total_size=" + frames * 10_000);
                lines.add("out_time_us=" + frames * 33_333);
                lines.add("speed=1.0x");
                lines.add("progress=continue");
            }
        }
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        exited.await();
        return exitCode;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return exited.await(timeout, unit);
    }

    @Override
    public int exitValue() {
        if (isAlive()) {
            throw new IllegalThreadStateException("still running");
        }
        return exitCode;
    }

    @Override
    public void destroy() {
        exit(255);
    }

    @Override
    public Process destroyForcibly() {
        exit(255);
        return this;
    }

    @Override
    public boolean isAlive() {
        return exited.getCount() > 0;
    }

    @Override
    public long pid() {
        return pid;
    }
}
