package io.liverelay.error.entity;

/** Every error the relay reports, by the name it carries on the wire, in logs and in the admin API. */
public enum RelayError {
    INVALID_MESSAGE(false, "The message could not be read: send a JSON object with a string 'type'."),
    UNKNOWN_MESSAGE_TYPE(false, "Unknown message type: use 'start', 'stop', 'ping', 'pause' or 'resume'."),
    ALREADY_STARTED(false, "This connection already carries a stream: open a new connection for another one."),
    NOT_STARTED(false, "Media arrived before the stream started and was discarded: wait for 'started'."),
    TOO_MANY_CONNECTIONS(true, "Your address has as many connections open as the server allows: close one first."),
    SERVER_BUSY(true, "The server holds as many connections as it allows: try again later."),
    TOO_MANY_STREAMS(true, "The server carries as many streams as it is allowed to: try again later."),
    START_REFUSED(true, "The server refused to start this stream."),
    HOOK_FAILED(true, "The server's start check failed: its operator has the details."),
    INVALID_PARAMETERS(true, "The start settings are invalid."),
    RTMP_URL_REJECTED(true, "The RTMP URL is not accepted: use rtmp:// or rtmps:// with a host and a path."),
    FFMPEG_NOT_FOUND(true, "The server has no usable ffmpeg: ask its operator to install one or set relay.ffmpeg.path."),
    FFMPEG_START_FAILED(true, "The server could not start ffmpeg."),
    FFMPEG_NO_SILENCE(true, "The server's ffmpeg cannot add the silent audio track a stream without sound needs:"
            + " send sound, or ask the server's operator for an ffmpeg with lavfi."),
    RTMP_CONNECTION_FAILED(true, "The RTMP server refused the stream or could not be reached: check the URL and the stream key."),
    RTMP_TLS_FAILED(true, "The RTMPS server's certificate was not accepted, so nothing was published: check the URL's host name."),
    FFMPEG_UNEXPECTED_END(true, "The relay's ffmpeg stopped unexpectedly."),
    QUEUE_FULL(true, "Media arrives faster than it can be sent on: lower the bitrate or check the server's uplink."),
    STOPPED_BY_ADMIN(false, "An operator of the server stopped this stream."),
    MESSAGE_TOO_BIG(true, "A message was larger than the server accepts."),
    IDLE_TIMEOUT(true, "Nothing arrived from this connection for too long: it was closed. Send 'ping' while paused."),
    MEDIA_TIMEOUT(true, "The stream was live but no media arrived for too long, so it was ended: pause the client"
            + " instead of stopping its recorder."),
    PAUSE_TIMEOUT(true, "The stream stayed paused for longer than the server allows, so it was ended: start a new"
            + " stream when you are ready."),
    TOO_MANY_ERRORS(true, "The connection kept sending messages the server could not use, so it was closed:"
            + " check the client against the protocol."),
    RESUME_FAILED(false, "The stream could not be resumed: start a new one."),
    MEDIA_CHANGED(true, "The media sent after a resume does not match the stream's tracks, so the stream was ended:"
            + " start a new stream."),
    INTERNAL_ERROR(true, "The relay failed: the server log has the details.");

    private final boolean fatal;
    private final String summary;

    RelayError(boolean fatal, String summary) {
        this.fatal = fatal;
        this.summary = summary;
    }

    public boolean fatal() {
        return fatal;
    }

    /**
     * True when the detailed message speaks only of what the client sent or of the hook's decision, so it
     * is always sent; otherwise it holds server details, sent only with {@code clientLogs.sendErrorDetails}.
     */
    public boolean messageIsForClient() {
        return !fatal || this == INVALID_PARAMETERS || this == RTMP_URL_REJECTED || this == START_REFUSED
                || this == TOO_MANY_STREAMS || this == TOO_MANY_CONNECTIONS || this == SERVER_BUSY || this == MESSAGE_TOO_BIG || this == IDLE_TIMEOUT
                || this == MEDIA_TIMEOUT || this == PAUSE_TIMEOUT || this == TOO_MANY_ERRORS
                || this == RTMP_TLS_FAILED || this == MEDIA_CHANGED;
    }

    /** A sentence for people that holds no server details, safe to send to any client. */
    public String summary() {
        return summary;
    }
}
