package io.liverelay.rtmp.entity;

import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;

/**
 * A publish that did not start, in words a broadcaster understands and without the stream key. {@link #failure()}
 * tells a retry policy what kind of failure it was: a server that said no will say no again, a network may recover.
 */
public class RtmpException extends RelayException {

    /** What went wrong, from the caller's side of the decision to retry. */
    public enum Failure {
        /** Nothing answered at the address, or the connection broke. */
        NETWORK,
        /** The server did not answer within the timeout. */
        TIMEOUT,
        /** TLS failed: mostly a certificate that is not trusted or is for another name. */
        TLS,
        /** The server refused the application, the stream key or the publish. */
        REFUSED,
        /** The server answered with something that is not RTMP as we know it. */
        PROTOCOL
    }

    private final Failure failure;

    public RtmpException(Failure failure, String message) {
        this(failure, message, null);
    }

    public RtmpException(Failure failure, String message, Throwable cause) {
        super(failure == Failure.TLS ? RelayError.RTMP_TLS_FAILED : RelayError.RTMP_CONNECTION_FAILED, message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    /** The TLS layer failed, mostly the certificate check: retrying will not help until the URL or CA changes. */
    public boolean tls() {
        return failure == Failure.TLS;
    }

    /** The server itself said no (or hung up on a command), as opposed to a network that failed. */
    public boolean refused() {
        return failure == Failure.REFUSED;
    }
}
