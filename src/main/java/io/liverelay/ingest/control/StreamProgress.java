package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.Progress;
import java.time.Duration;
import java.time.Instant;

/**
 * A stream's progress across its ffmpeg generations: frames add up over reconnects, the time of the last new
 * frame is kept, and the first frame after a relaunch is told apart (the stream is live again). Changed under
 * the stream's lock; the latest report and the frame time may be read without it.
 */
final class StreamProgress {

    private long framesBefore;
    private boolean awaitingLive;
    private boolean pictureSeen;
    private long startRequestedAt = System.nanoTime();
    private volatile Progress latest = Progress.NONE;
    private volatile Instant lastFrameAt;

    /**
     * What one report of the current ffmpeg changed. {@code liveAgain}: its first frame since
     * {@link #relaunched()}; {@code firstPicture}: the stream's very first frame; {@code newBytes}: bytes ffmpeg
     * sent to the RTMP server since its previous report; {@code sinceStart}: how long since the start was asked.
     */
    record Update(boolean liveAgain, boolean firstPicture, long newBytes, Duration sinceStart) {
    }

    /** The browser asked to start: the first picture's latency counts from here. */
    void startRequested(long nanoTime) {
        startRequestedAt = nanoTime;
    }

    Update update(Progress report) {
        Progress previous = latest;
        if (report.frames() > previous.frames()) {
            lastFrameAt = report.at();
        }
        latest = report;
        long newBytes = Math.max(0, report.bytesOut() - previous.bytesOut());
        boolean firstPicture = report.frames() > 0 && !pictureSeen;
        pictureSeen |= firstPicture;
        boolean liveAgain = report.frames() > 0 && awaitingLive;
        if (liveAgain) {
            awaitingLive = false;
        }
        return new Update(liveAgain, firstPicture, newBytes, sinceStart());
    }

    /** How long since the start was asked. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startRequestedAt);
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
