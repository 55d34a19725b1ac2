package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.media.control.FlvReader;
import io.liverelay.media.control.TagSink;
import io.liverelay.media.entity.FlvTag;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes the converting ffmpeg's FLV on to every destination's pipe, tag by tag, on the thread that reads it. A
 * destination never holds the others up: an offer never blocks, and one whose pipe is full skips what follows up to
 * the next keyframe (counted). A destination that (re)connects starts at a keyframe, preceded by the stream's metadata
 * and the codec headers, so its RTMP server gets a stream a player can start.
 */
final class FlvFanout implements FfmpegProcess.MediaOutput {

    /** Larger than any picture the converting ffmpeg writes; a longer length field means the stream is broken. */
    static final int MAX_TAG_BYTES = 32 * 1024 * 1024;

    /** One destination's place in the fan-out: the pipe of its current ffmpeg, when one runs. */
    static final class Outlet {
        private volatile TagSink pipe;
        private final AtomicLong skippedBytes = new AtomicLong();
        // the reading thread's
        private TagSink started;
        private boolean skipping;

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
        FlvReader reader = new FlvReader(stdout, MAX_TAG_BYTES);
        flags = reader.flags();
        FlvTag tag;
        while ((tag = reader.next()) != null) {
            remember(tag);
            for (Outlet outlet : outlets) {
                pass(outlet, tag);
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

    private void pass(Outlet outlet, FlvTag tag) {
        TagSink pipe = outlet.pipe;
        if (pipe == null) {
            skip(outlet, tag);
            return;
        }
        if (pipe != outlet.started) {
            if (!startsPicture(tag)) {
                skip(outlet, tag);
                return;
            }
            if (pipe.offer(opening(tag))) {
                outlet.started = pipe;
                outlet.skipping = false;
            } else {
                skip(outlet, tag);
            }
            return;
        }
        if (outlet.skipping && !startsPicture(tag) && !tag.script() && !tag.sequenceHeader()) {
            skip(outlet, tag);
            return;
        }
        if (pipe.offer(tag)) {
            outlet.skipping = false;
        } else if (pipe.isOpen()) {
            outlet.skipping = true; // behind: what it gets next must be something a player can start from
            skip(outlet, tag);
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
