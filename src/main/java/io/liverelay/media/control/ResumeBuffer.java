package io.liverelay.media.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Media received while a stream reconnects, kept from a cluster start on (a new ffmpeg can begin there
 * after the header) and bounded in bytes: past the bound everything is dropped, and counted, until the next
 * cluster starts. Bytes before the first cluster start are dropped too: ffmpeg could not decode them.
 */
public final class ResumeBuffer {

    private final long maxBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private long bytes;
    private long dropped;

    public ResumeBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** {@code clusterStarts}: where clusters begin in this chunk, as {@link MatroskaScanner#feed} said. */
    public void add(byte[] chunk, int[] clusterStarts) {
        if (chunks.isEmpty()) {
            if (clusterStarts.length == 0) {
                dropped += chunk.length;
                return;
            }
            keepFrom(chunk, clusterStarts[0]);
        } else {
            chunks.add(chunk);
            bytes += chunk.length;
        }
        if (bytes > maxBytes) {
            byte[] kept = clusterStarts.length == 0 ? new byte[0]
                    : Arrays.copyOfRange(chunk, clusterStarts[clusterStarts.length - 1], chunk.length);
            dropped += bytes - kept.length;
            chunks.clear();
            bytes = kept.length;
            if (kept.length > 0) {
                chunks.add(kept);
            }
        }
    }

    private void keepFrom(byte[] chunk, int start) {
        dropped += start;
        byte[] kept = start == 0 ? chunk : Arrays.copyOfRange(chunk, start, chunk.length);
        chunks.add(kept);
        bytes += kept.length;
    }

    /** The buffered media in order, starting at a cluster; empty when none started yet. */
    public List<byte[]> chunks() {
        return List.copyOf(chunks);
    }

    public long bytes() {
        return bytes;
    }

    public long droppedBytes() {
        return dropped;
    }
}
