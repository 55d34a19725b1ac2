package io.liverelay.media.control;

import io.liverelay.media.entity.FlvTag;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ordered, byte-bounded hand-over of FLV tags from the thread that reads the converting ffmpeg to the task that
 * publishes them to one destination. Offering never blocks: a full pipe says no and the fan-out skips to the next
 * keyframe. The publisher takes whatever has gathered at once, to send it with one write.
 */
public final class TagPipe implements TagSink {

    private final long maxBytes;
    private final ArrayDeque<FlvTag> tags = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private long queuedBytes;
    private boolean finished;
    private boolean aborted;

    public TagPipe(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Queues the tags, all of them or none, unless the pipe is full, finished or aborted; never blocks. An empty pipe
     * takes any batch: a keyframe larger than the bound must still be able to start a destination.
     */
    @Override
    public boolean offer(List<FlvTag> batch) {
        long size = batch.stream().mapToLong(tag -> tag.data().length).sum();
        lock.lock();
        try {
            if (finished || aborted || queuedBytes > 0 && queuedBytes + size > maxBytes) {
                return false;
            }
            tags.addAll(batch);
            queuedBytes += size;
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every queued tag into {@code into}, waiting for one if none is there. False once the pipe is finished
     * and empty, or aborted: the publisher is done.
     */
    public boolean takeAll(List<FlvTag> into) throws InterruptedException {
        lock.lock();
        try {
            while (tags.isEmpty() && !finished && !aborted) {
                readable.await(1, TimeUnit.SECONDS);
            }
            if (aborted || tags.isEmpty()) {
                return false;
            }
            into.addAll(tags);
            tags.clear();
            queuedBytes = 0;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** No more tags will come: the publisher sends what is queued, then ends. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and ends the publisher's loop at once. */
    public void abort() {
        lock.lock();
        try {
            aborted = true;
            tags.clear();
            queuedBytes = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** False once finished or aborted: an offer refused then says nothing about the bound. */
    @Override
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
}
