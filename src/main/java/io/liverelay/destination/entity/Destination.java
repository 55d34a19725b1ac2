package io.liverelay.destination.entity;

import java.net.URI;

/**
 * An accepted RTMP(S) URL. {@link #toString()} and {@link #masked()} hide the stream key (the path after
 * the application name, and the query) so that a destination can be logged safely.
 */
public record Destination(URI uri, String streamKey) {

    /** The URL to hand to ffmpeg, and to nobody else. */
    public String secret() {
        return uri.toString();
    }

    public String masked() {
        String full = uri.toString();
        return streamKey.isEmpty() ? full : full.replace(streamKey, mask(streamKey));
    }

    /** Hides every occurrence of the stream key in a text, e.g. a line of ffmpeg's log. */
    public String redact(String text) {
        if (streamKey.isEmpty() || text == null) {
            return text;
        }
        return text.replace(streamKey, mask(streamKey));
    }

    /** Keeps two characters at each end of long keys so that streams can be told apart. */
    static String mask(String key) {
        return key.length() < 10 ? "…" : key.substring(0, 2) + "…" + key.substring(key.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
