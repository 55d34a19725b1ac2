package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.Progress;
import java.time.Instant;

/**
 * A stream's progress across its ffmpeg generations: frames add up over reconnects, the time of the last new
 * frame is kept, and the first frame after a relaunch is told apart (the stream is live again). Changed under
 * the stream's lock; the latest report and the frame time may be read without it.
 */
final class StreamProgress {

    private long framesBefore;
    private boolean awaitingLive;
    private volatile Progress latest = Progress.NONE;
    private volatile Instant lastFrameAt;

    /** A report of the current ffmpeg; true when it brings the first frame since {@link #relaunched()}. */
    boolean update(Progress report) {
        if (report.frames() > latest.frames()) {
            lastFrameAt = report.at();
        }
        latest = report;
        if (report.frames() > 0 && awaitingLive) {
            awaitingLive = false;
            return true;
        }
        return false;
    }

    /** The ffmpeg that counted so far is gone: its frames are kept, the next one counts from zero. */
    void restart() {
        framesBefore += latest.frames();
        latest = Progress.NONE;
    }

    /** A new ffmpeg runs after a reconnect: its first frame means the stream is live again. */
    void relaunched() {
        awaitingLive = true;
    }

    /** The current ffmpeg's own report, its frames only. */
    Progress latest() {
        return latest;
    }

    /** The latest report with the frames of every generation. */
    Progress total() {
        Progress current = latest;
        return current.withFrames(framesBefore + current.frames());
    }

    /** When a frame last went out; null before the first. */
    Instant lastFrameAt() {
        return lastFrameAt;
    }
}
