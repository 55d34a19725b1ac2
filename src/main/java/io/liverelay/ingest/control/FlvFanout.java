package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.media.control.FlvReader;
import io.liverelay.media.control.TagSink;
import io.liverelay.media.entity.FlvTag;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes the converting ffmpeg's FLV on to every destination's pipe, on the thread that reads it, in batches: what
 * arrived together (one of ffmpeg's writes) is offered together. A destination never holds the others up: an offer
 * never blocks, and one whose pipe is full skips that batch and what follows up to the next keyframe (counted). A destination that (re)connects starts at a keyframe, preceded by the stream's metadata
 * and the codec headers, so its RTMP server gets a stream a player can start.
 */
final class FlvFanout implements FfmpegProcess.MediaOutput {

    /** Larger than any picture the converting ffmpeg writes; a longer length field means the stream is broken. */
    static final int MAX_TAG_BYTES = 32 * 1024 * 1024;
    /** Twice ffmpeg's 32 KiB writes: a burst is most often read whole with one system call. */
    private static final int READ_BUFFER = 64 * 1024;
    /** A batch is offered at this size even if more is already there: a pipe's bound stays meaningful. */
    static final int MAX_BURST_BYTES = 256 * 1024;

    /** One destination's place in the fan-out: the pipe of its current ffmpeg, when one runs. */
    static final class Outlet {
        private volatile TagSink pipe;
        private final AtomicLong skippedBytes = new AtomicLong();
        // the reading thread's
        private TagSink started;
        private boolean skipping;
        private boolean captured; // the pipe this burst goes to is read once, at its first tag
        private TagSink target;
        private boolean opening; // the burst starts the pipe: headers, then a keyframe
        private final List<FlvTag> burst = new ArrayList<>();

        /** The destination's new connection takes media from now on, from the next keyframe. */
        void attach(TagSink next) {
            pipe = next;
        }

        /** Its connection is gone: media for it is skipped (and counted) until the next one is attached. */
        void detach() {
            pipe = null;
        }

        long skippedBytes() {
            return skippedBytes.get();
        }
    }

    private final List<Outlet> outlets;
    // the reading thread's: what a destination that starts late needs first
    private int flags;
    private FlvTag metadata;
    private FlvTag videoHeader;
    private FlvTag audioHeader;
    private long gathered; // bytes staged since the last delivery

    FlvFanout(int destinations) {
        List<Outlet> list = new ArrayList<>();
        for (int i = 0; i < destinations; i++) {
            list.add(new Outlet());
        }
        this.outlets = List.copyOf(list);
    }

    Outlet outlet(int index) {
        return outlets.get(index);
    }

    @Override
    public void read(InputStream stdout) throws IOException {
        // what was read goes on whenever reading more would wait for ffmpeg: a batch is what one of its writes
        // completed, so each destination's publisher wakes and writes once per burst rather than once per tag
        InputStream in = new BufferedInputStream(new BeforeWaiting(stdout, this::deliverAll), READ_BUFFER);
        FlvReader reader = new FlvReader(in, MAX_TAG_BYTES);
        flags = reader.flags();
        FlvTag tag;
        while ((tag = reader.next()) != null) {
            remember(tag);
            for (Outlet outlet : outlets) {
                stage(outlet, tag);
            }
            gathered += tag.size();
            if (gathered >= MAX_BURST_BYTES) {
                deliverAll();
            }
        }
        deliverAll();
    }

    private void deliverAll() {
        outlets.forEach(this::deliver);
        gathered = 0;
    }

    /**
     * ffmpeg's stdout, calling back before a read that would wait for ffmpeg to write more. ffmpeg's writes end
     * anywhere, mostly inside a tag: the tags completed before the wait must not wait for the rest of that one.
     */
    private static final class BeforeWaiting extends FilterInputStream {

        private final Runnable beforeWaiting;

        BeforeWaiting(InputStream stdout, Runnable beforeWaiting) {
            super(stdout);
            this.beforeWaiting = beforeWaiting;
        }

        @Override
        public int read() throws IOException {
            pauseIfEmpty();
            return in.read();
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            pauseIfEmpty();
            return in.read(into, offset, length);
        }

        private void pauseIfEmpty() throws IOException {
            if (in.available() == 0) {
                beforeWaiting.run();
            }
        }
    }

    private void remember(FlvTag tag) {
        if (tag.script()) {
            metadata = tag;
        } else if (tag.sequenceHeader()) {
            if (tag.video()) {
                videoHeader = tag;
            } else {
                audioHeader = tag;
            }
        }
    }

    /** Adds the tag to what this burst brings the destination, unless the destination cannot take it. */
    private void stage(Outlet outlet, FlvTag tag) {
        if (!outlet.captured) {
            outlet.target = outlet.pipe;
            outlet.captured = true;
        }
        if (outlet.target == null) {
            skip(outlet, tag);
        } else if (outlet.target != outlet.started && !outlet.opening) {
            if (startsPicture(tag)) {
                outlet.burst.addAll(opening(tag));
                outlet.opening = true;
            } else {
                skip(outlet, tag);
            }
        } else if (outlet.skipping && !startsPicture(tag) && !tag.script() && !tag.sequenceHeader()) {
            skip(outlet, tag);
        } else {
            outlet.skipping &= !startsPicture(tag);
            outlet.burst.add(tag);
        }
    }

    /** Offers the burst; a pipe that refuses it skips all of it, then waits for a keyframe. */
    private void deliver(Outlet outlet) {
        TagSink pipe = outlet.target;
        boolean opening = outlet.opening;
        outlet.captured = false;
        outlet.target = null;
        outlet.opening = false;
        if (outlet.burst.isEmpty()) {
            return;
        }
        List<FlvTag> batch = List.copyOf(outlet.burst);
        outlet.burst.clear();
        if (pipe.offer(batch)) {
            if (opening) {
                outlet.started = pipe;
            }
            outlet.skipping = false;
        } else {
            // behind: what it gets next must be something a player can start from
            outlet.skipping = !opening && pipe.isOpen();
            batch.forEach(tag -> skip(outlet, tag));
        }
    }

    /** A tag the stream can be picked up at: a keyframe, or any audio when there is no video. */
    private boolean startsPicture(FlvTag tag) {
        return (flags & 1) != 0 ? tag.keyframe() : tag.audio();
    }

    private void skip(Outlet outlet, FlvTag tag) {
        if (!tag.script() && !tag.sequenceHeader()) {
            outlet.skippedBytes.addAndGet(tag.data().length);
        }
    }

    /** What a destination's new connection sends first: metadata and codec headers, then the keyframe. */
    private List<FlvTag> opening(FlvTag keyframe) {
        List<FlvTag> opening = new ArrayList<>();
        for (FlvTag header : new FlvTag[] {metadata, videoHeader, audioHeader}) {
            if (header != null) {
                opening.add(header.at(keyframe.timestamp()));
            }
        }
        opening.add(keyframe);
        return opening;
    }
}
