package io.liverelay.ingest.control;

import io.liverelay.media.control.ClusterClock;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A real Chromium recording (Matroska, H.264) in chunks of {@link #SIZE} bytes, as a recorder sends them. */
final class RecordedChunks {

    static final int SIZE = 16 * 1024;

    private RecordedChunks() {
    }

    static List<byte[]> chromium() throws IOException {
        byte[] all;
        try (InputStream in = RecordedChunks.class.getResourceAsStream(
                "/io/liverelay/media/control/chromium-paused.mkv")) {
            all = in.readAllBytes();
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < all.length; at += SIZE) {
            chunks.add(Arrays.copyOfRange(all, at, Math.min(all.length, at + SIZE)));
        }
        return chunks;
    }

    /** What the relay passes on to ffmpeg of these chunks: all but an element the last one cut, which it holds. */
    static long passedOn(List<byte[]> chunks) {
        ClusterClock clock = new ClusterClock();
        return chunks.stream().mapToLong(c -> clock.feed(c).length).sum();
    }

    static long bytes(List<byte[]> chunks) {
        return chunks.stream().mapToLong(c -> c.length).sum();
    }
}
