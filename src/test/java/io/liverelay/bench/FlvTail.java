package io.liverelay.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Follows an FLV file while nginx-rtmp writes it, reading only the 11-byte tag headers (and two bytes of each
 * video tag): the newest media timestamp that has reached the sink and whether a picture has arrived yet.
 */
final class FlvTail implements AutoCloseable {

    private static final int AUDIO = 8;
    private static final int VIDEO = 9;
    private static final int AVC = 7;

    private final Path file;
    private RandomAccessFile in;
    private long position = -1;
    private long lastTimestampMs = -1;
    private boolean pictureSeen;
    private final byte[] header = new byte[11];

    FlvTail(Path file) {
        this.file = file;
    }

    /** Reads the tags completed since the last call. */
    void poll() {
        try {
            if (in == null) {
                if (!Files.exists(file)) {
                    return;
                }
                in = new RandomAccessFile(file.toFile(), "r");
            }
            long length = in.length();
            if (position < 0) {
                if (length < 13) {
                    return;
                }
                in.seek(5);
                position = in.readInt() + 4L; // header size, then PreviousTagSize0
            }
            while (position + header.length <= length) {
                in.seek(position);
                in.readFully(header);
                int type = header[0] & 0x1f;
                int size = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                long timestamp = ((header[7] & 0xffL) << 24) | ((header[4] & 0xff) << 16)
                        | ((header[5] & 0xff) << 8) | (header[6] & 0xff);
                long next = position + header.length + size + 4;
                if (next > length) {
                    return; // nginx is still writing this tag
                }
                if (type == VIDEO && size >= 2 && !pictureSeen) {
                    int flags = in.read();
                    int packetType = in.read();
                    // an AVC sequence header carries no picture
                    pictureSeen = (flags & 0x0f) != AVC || packetType != 0;
                }
                if (type == AUDIO || type == VIDEO) {
                    lastTimestampMs = Math.max(lastTimestampMs, timestamp);
                }
                position = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow " + file, e);
        }
    }

    /** Media time (ms, from the stream's first message) of the newest complete tag; -1 before any. */
    long lastTimestampMs() {
        return lastTimestampMs;
    }

    boolean pictureSeen() {
        return pictureSeen;
    }

    @Override
    public void close() {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
