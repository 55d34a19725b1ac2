package io.liverelay.ingest.entity;

import java.util.Locale;

/** Where one destination of a stream stands; the last three are final. */
public enum DestinationState {
    /** Its ffmpeg is connecting to the RTMP server, or has not sent a picture yet. */
    CONNECTING,
    /** Media reaches the RTMP server. */
    LIVE,
    /** The RTMP server went away; the relay tries again after a pause, from the next keyframe. */
    RECONNECTING,
    /** It failed for good: refused at its start, or the tries to reach it again ran out. */
    FAILED,
    /** An operator stopped this destination; the others go on. */
    STOPPED,
    /** The stream ended and this destination received all of it. */
    ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == FAILED || this == STOPPED || this == ENDED;
    }
}
