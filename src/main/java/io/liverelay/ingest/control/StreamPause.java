package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.media.control.ClusterClock;
import io.liverelay.media.control.MatroskaTracks;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A stream's pauses, and the clock they move. A recorder leaves its pauses out of its timeline, but a live ingest
 * expects timestamps to follow the wall clock: after a pause of 3 s the media goes on 3 s later, as a viewer lived
 * it. The relay measures each pause itself (from the client's {@code pause} to its {@code resume}) and moves the
 * Matroska/WebM clusters that follow; MP4 keeps the recorder's clock.
 *
 * <p>A resumed stream goes on with a new recorder's media, a whole new WebM: its head is left out and its clusters
 * are moved to follow the last media of the one before, by the time the media was missing (measured from the last
 * chunk before the loss to the first after it, less one chunk's span, which the new recorder had already recorded
 * when its first chunk arrived). Its tracks must be the ones the stream began with. The recording before it ends
 * where its last whole element ended: an incomplete block it was cut in (held back by the clock) never reaches
 * ffmpeg, which would otherwise read the new recording's first bytes as the rest of that block.
 */
final class StreamPause {

    private static final Logger LOG = System.getLogger(StreamPause.class.getName());

    private final String streamId;
    static final long MIN_GAP_NANOS = 20_000_000;
    private static final long MAX_CHUNK_SPAN_NANOS = 2_000_000_000L;
    private static final byte[] NOTHING = new byte[0];

    private ClusterClock clock; // null for MP4, which keeps the recorder's clock
    private final LongSupplier nanoTime;
    private long pausedAt;
    private boolean paused;
    private boolean failureLogged;
    private boolean overlongLogged;
    private byte[] closing = NOTHING; // ends the last recording's output: goes out just before the next one's
    private long lastMediaAt;
    private long chunkSpan; // the time between the last two chunks: about the recorder's timeslice
    private boolean mediaSeen;
    private boolean awaitingFirstMedia; // a new recording was announced and none of its media has come yet
    private boolean continuing; // the clock is a resumed recording's
    private long timelineNanos = -1; // the latest media time of every recording before the current one
    private byte[] firstHead; // the head of the stream's first recording: its tracks are the stream's
    private boolean tracksChecked = true;
    private String mediaChanged;

    StreamPause(String streamId, StreamConfig config, LongSupplier nanoTime) {
        this.streamId = streamId;
        this.clock = config.matroska() ? new ClusterClock() : null;
        this.nanoTime = nanoTime;
    }

    void pause() {
        if (!paused) {
            paused = true;
            pausedAt = nanoTime.getAsLong();
        }
    }

    void resume() {
        if (paused) {
            paused = false;
            long nanos = nanoTime.getAsLong() - pausedAt;
            if (clock != null && !awaitingFirstMedia) {
                clock.shift(nanos); // a resumed stream's first media is moved by the whole time it missed
            }
            LOG.log(Level.DEBUG, "Stream {0} resumed after {1} ms", streamId, nanos / 1_000_000);
        }
    }

    boolean paused() {
        return paused;
    }

    /** How far the clusters that start now are moved: every pause so far (0 for MP4). */
    long shiftNanos() {
        return clock == null ? 0 : clock.shiftNanos();
    }

    /**
     * Whether a new recording can carry on this stream's timeline: Matroska that the clock could follow, and whose
     * output can be closed where it stands.
     */
    boolean canContinue() {
        return clock != null && !clock.failed() && clock.closing().isPresent()
                && (firstHead != null || clock.head().isPresent());
    }

    /**
     * The stream was resumed: the media from now on is a new recording's, from its very first byte. What the clock
     * holds back of the last one (a block the lost connection cut, a cluster head) is dropped.
     */
    void continueWithNewRecording() {
        if (firstHead == null) {
            firstHead = clock.head().orElse(null);
        }
        closing = concat(closing, clock.closing().orElse(NOTHING));
        int dropped = clock.discardHeld();
        if (dropped > 0) {
            LOG.log(Level.DEBUG, "Stream {0}: the last {1} bytes of the recording before the resume were an"
                    + " incomplete element, left out", streamId, dropped);
        }
        awaitingFirstMedia = true;
        // a resumed recording that sent its head and nothing more was moved to where its media would have begun;
        // the first recording's shift is its pauses, no point in time
        timelineNanos = Math.max(timelineNanos, Math.max(clock.lastNanos(), continuing ? clock.shiftNanos() : -1));
        clock = ClusterClock.continuing(0); // moved once its first media arrives: see media()
        continuing = true;
        tracksChecked = false;
    }

    /** Why the new recording cannot continue the stream (other tracks), once that is known; empty otherwise. */
    Optional<String> mediaChanged() {
        return Optional.ofNullable(mediaChanged);
    }

    /** The media to pass on: the chunk, with its clusters moved by every pause so far (possibly a few bytes held). */
    byte[] media(byte[] chunk) {
        if (clock == null) {
            return chunk;
        }
        long now = nanoTime.getAsLong();
        if (awaitingFirstMedia) {
            long missing = mediaSeen ? now - lastMediaAt - chunkSpan : 0;
            clock.shift(Math.max(0, timelineNanos) + Math.max(MIN_GAP_NANOS, missing));
            awaitingFirstMedia = false;
            mediaSeen = false; // the span between the two recordings is no chunk's
        } else if (mediaSeen) {
            chunkSpan = Math.min(MAX_CHUNK_SPAN_NANOS, Math.max(0, now - lastMediaAt));
        }
        mediaSeen = true;
        lastMediaAt = now;
        byte[] out = clock.feed(chunk);
        if (closing.length > 0 && out.length > 0) {
            out = concat(closing, out);
            closing = NOTHING;
        }
        if (!tracksChecked) {
            checkTracks();
        }
        if (clock.overlong() > 0 && !overlongLogged) {
            overlongLogged = true;
            LOG.log(Level.WARNING, "Stream {0}: a Matroska element of more than 8 MiB went on as it came, not held"
                    + " whole; a connection lost inside it ends the stream rather than wait for a resume", streamId);
        }
        if (clock.failed() && !failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "Stream {0}: its Matroska could not be followed; pauses stay out of its timeline",
                    streamId);
        }
        return out;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private void checkTracks() {
        Optional<byte[]> head = clock.head();
        if (head.isEmpty() || clock.failed()) {
            if (clock.failed()) {
                tracksChecked = true;
                mediaChanged = "the new recording could not be followed";
            }
            return;
        }
        tracksChecked = true;
        Optional<MatroskaTracks> before = firstHead == null ? Optional.empty() : MatroskaTracks.read(firstHead);
        Optional<MatroskaTracks> now = MatroskaTracks.read(head.get());
        if (before.isPresent() && now.isPresent()) {
            mediaChanged = now.get().differenceFrom(before.get()).orElse(null);
        } else if (before.isPresent() != now.isPresent()) {
            mediaChanged = "the tracks of " + (now.isPresent() ? "the first" : "the new") + " recording could not be read";
        }
    }
}
