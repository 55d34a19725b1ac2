package io.liverelay.ffmpeg.entity;

import java.util.Locale;

/** Whether the browser's video is passed through or re-encoded to H.264. */
public enum VideoMode {
    COPY, TRANSCODE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
