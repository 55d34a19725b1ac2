package io.liverelay.ffmpeg.control;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ordered, byte-bounded hand-over of media chunks from the WebSocket (many producers' threads, one at a
 * time) to the task that writes ffmpeg's stdin (one consumer). Offering never blocks: a full pipe says no and
 * the caller decides what that means.
 */
public final class ChunkPipe {

    private final long maxBytes;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private long queuedBytes;
    private long acceptedBytes;
    private boolean finished;
    private boolean aborted;

    public ChunkPipe(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** Queues a chunk unless the pipe is full, finished or aborted; never blocks. */
    public boolean offer(byte[] chunk) {
        lock.lock();
        try {
            if (finished || aborted || queuedBytes + chunk.length > maxBytes) {
                return false;
            }
            chunks.addLast(chunk);
            queuedBytes += chunk.length;
            acceptedBytes += chunk.length;
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next chunk in order; null once the pipe is finished and empty, or aborted. */
    public byte[] take() throws InterruptedException {
        lock.lock();
        try {
            while (chunks.isEmpty() && !finished && !aborted) {
                readable.await(1, TimeUnit.SECONDS);
            }
            if (aborted || chunks.isEmpty()) {
                return null;
            }
            byte[] chunk = chunks.removeFirst();
            queuedBytes -= chunk.length;
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /** No more chunks will come: the consumer drains what is queued, then sees the end. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and ends the consumer's loop at once. */
    public void abort() {
        lock.lock();
        try {
            aborted = true;
            chunks.clear();
            queuedBytes = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** False once finished or aborted: an offer refused then says nothing about the bound. */
    public boolean isOpen() {
        lock.lock();
        try {
            return !finished && !aborted;
        } finally {
            lock.unlock();
        }
    }

    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    public long acceptedBytes() {
        lock.lock();
        try {
            return acceptedBytes;
        } finally {
            lock.unlock();
        }
    }
}
