package io.liverelay.rtmp.control;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything we write to the server, one message at a time: the caller's media and commands, and the reading
 * task's answers (acknowledgements, ping responses). Those answers never wait for the lock: a send stuck on a
 * server that stopped reading must not stop us from reading, or both sides would wait for each other. They are
 * queued and written by whoever holds the lock next.
 */
final class Outbound {

    static final int CONTROL_STREAM = 2;
    /** Answers queued past this are dropped: acknowledgements are cumulative and a late ping answer is useless. */
    private static final int MAX_PENDING = 32;

    private record Control(int type, byte[] payload) {
    }

    private final OutputStream out;
    private final ChunkWriter chunks;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Control> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    /** {@code out} should be buffered: a message goes out with one flush. */
    Outbound(OutputStream out) {
        this.out = out;
        this.chunks = new ChunkWriter(out);
    }

    /** Writes and flushes one message; blocks while the server does not read. */
    void message(int chunkStream, int type, int streamId, int timestamp, byte[] data) throws IOException {
        message(chunkStream, type, streamId, timestamp, data, true);
    }

    /**
     * Writes one message, flushing it only when asked: messages written together (a picture and the sound beside it)
     * then leave in one system call instead of one each, which is most of what a destination costs.
     */
    void message(int chunkStream, int type, int streamId, int timestamp, byte[] data, boolean flush)
            throws IOException {
        lock.lock();
        try {
            writePending();
            bytes.addAndGet(chunks.write(chunkStream, type, streamId, timestamp, data, 0, data.length));
            if (flush) {
                out.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tells the server our chunk size, then uses it. */
    void chunkSize(int size) throws IOException {
        lock.lock();
        try {
            message(CONTROL_STREAM, Message.SET_CHUNK_SIZE, 0, 0, Message.int32Payload(size));
            chunks.chunkSize(size);
        } finally {
            lock.unlock();
        }
    }

    /** A protocol control answer from the reading task: written now if nobody is writing, else by the next writer. */
    void control(int type, byte[] payload) throws IOException {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            return;
        }
        pending.add(new Control(type, payload));
        if (lock.tryLock()) {
            try {
                writePending();
                out.flush();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Bytes written to the connection so far (before TLS), chunk headers included. */
    long bytes() {
        return bytes.get();
    }

    private void writePending() throws IOException {
        for (Control control; (control = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            bytes.addAndGet(chunks.write(CONTROL_STREAM, control.type(), 0, 0, control.payload(), 0,
                    control.payload().length));
        }
    }
}
