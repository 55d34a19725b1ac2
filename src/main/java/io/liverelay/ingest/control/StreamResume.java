package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.ClientMessage;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One stream's side of a resume: its tokens, whether (and until when) it waits for its browser, and why a
 * resume is refused. Confined to the stream's lane. A stream can be resumed when it is WebM/Matroska (a new
 * recorder's file can be spliced in) and {@code relay.resume.graceSeconds} is not zero.
 */
final class StreamResume {

    private final String streamId;
    private final Duration grace;
    private final ResumeTokens tokens = new ResumeTokens();
    private long detachedAt; // nanoTime, while detached
    private Instant deadline; // null while attached

    StreamResume(String streamId, Duration grace) {
        this.streamId = streamId;
        this.grace = grace;
    }

    /**
     * Lost is any close but the page's own (1000, or 1001 as a closing tab sends): no close frame at all (1006, a
     * dropped network), or a client's code for a socket it gave up on (4000 and up).
     */
    static boolean lost(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        return code != CloseReason.CloseCodes.NORMAL_CLOSURE.getCode()
                && code != CloseReason.CloseCodes.GOING_AWAY.getCode();
    }

    /** Whether a stream of this config may wait for its browser at all. */
    boolean offered(StreamConfig config) {
        return !grace.isZero() && config != null && config.matroska();
    }

    /** A fresh token (the one before is spent) and the grace period; null when the stream cannot resume. */
    ServerMessages.ResumeOffer offer(StreamConfig config) {
        return offered(config) ? new ServerMessages.ResumeOffer(tokens.issue(), grace.toSeconds()) : null;
    }

    Duration grace() {
        return grace;
    }

    /** The connection was lost: the grace period starts. Returns when it ends. */
    Instant detach() {
        detachedAt = System.nanoTime();
        deadline = Instant.now().plus(grace);
        return deadline;
    }

    /** While detached, when the stream ends unless resumed; null while a connection carries it. */
    Instant deadline() {
        return deadline;
    }

    /** A connection took the stream: how long it had none (zero when the old one still looked open). */
    Duration attach() {
        Duration gap = deadline == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - detachedAt);
        deadline = null;
        return gap;
    }

    /**
     * Why {@code request} will not carry the stream on; null when it will. {@code continuable}: the stream runs
     * and its media can take a new recording; {@code user}: who started the stream, {@code asking}: who asks.
     */
    String refusal(ClientMessage.Reattach request, StreamConfig config, boolean continuable, String user,
            String asking) {
        switch (tokens.check(request.token())) {
            case USED -> {
                return "This token was used already: each token resumes the stream once; use the one 'resumed' gave.";
            }
            case WRONG -> {
                return "The token does not belong to the stream " + streamId + ".";
            }
            default -> {
                // the stream's own token
            }
        }
        if (!continuable) {
            return "The stream " + streamId + " cannot be resumed: "
                    + (config.matroska() ? "its media could not be followed." : "only WebM/Matroska streams can.");
        }
        if (deadline != null && Instant.now().isAfter(deadline)) {
            return "The grace period of " + grace.toSeconds() + " s is over.";
        }
        String mimeType = request.mimeType();
        if (mimeType != null && !container(mimeType).equals(container(config.mimeType()))) {
            return "The new recorder records " + mimeType + ", the stream " + config.mimeType() + ".";
        }
        if (!Objects.equals(user, asking)) {
            return "The stream was started by another user.";
        }
        return null;
    }

    /** A MIME type's container, without its codecs: the tracks are compared once the new media arrives. */
    private static String container(String mimeType) {
        String type = mimeType == null ? "" : mimeType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("audio/") || type.startsWith("video/") ? type.substring(6) : type;
    }
}
