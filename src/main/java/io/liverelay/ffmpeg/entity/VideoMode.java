package io.liverelay.ffmpeg.entity;

import java.util.Locale;

/** Whether the browser's video is passed through or re-encoded to H.264. */
public enum VideoMode {
    COPY, TRANSCODE;

    /** H.264 from the recorder is copied; any other codec (VP8, VP9, AV1) is transcoded. */
    public static VideoMode forMimeType(String mimeType) {
        String type = mimeType.toLowerCase(Locale.ROOT);
        return type.contains("avc1") || type.contains("h264") ? COPY : TRANSCODE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
