package io.liverelay.rtmp.control;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Splits messages into chunks on one chunk stream each: the first chunk with a full (type 0) header, so that no
 * state is shared between messages, then type 3 continuations. Timestamps from 0xFFFFFF on go into the extended
 * field, which every chunk of the message repeats, continuations included (as nginx-rtmp and ffmpeg read it).
 * Not thread-safe: its owner serialises writes.
 */
final class ChunkWriter {

    static final int DEFAULT_CHUNK_SIZE = 128;
    static final int EXTENDED = 0xFFFFFF;
    private static final int MAX_LENGTH = 0xFFFFFF;

    private final OutputStream out;
    private final byte[] header = new byte[16];
    private int chunkSize = DEFAULT_CHUNK_SIZE;

    ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** Takes effect for the next message; the caller has told the peer with Set Chunk Size first. */
    void chunkSize(int size) {
        if (size < 1 || size > 0x7FFFFFFF) {
            throw new IllegalArgumentException("chunk size " + size);
        }
        chunkSize = size;
    }

    int chunkSize() {
        return chunkSize;
    }

    /**
     * Writes one message (not flushed) and returns the bytes it took on the wire. {@code timestamp} is an unsigned
     * 32-bit count of milliseconds; {@code chunkStream} is 2 to 63, which is all a publisher needs.
     */
    long write(int chunkStream, int type, int streamId, int timestamp, byte[] data, int offset, int length)
            throws IOException {
        if (chunkStream < 2 || chunkStream > 63) {
            throw new IllegalArgumentException("chunk stream " + chunkStream);
        }
        if (length > MAX_LENGTH) {
            throw new IOException("an RTMP message of " + length + " bytes is over the 16 MiB the protocol can carry");
        }
        boolean extended = Integer.compareUnsigned(timestamp, EXTENDED) >= 0;
        int at = 0;
        header[at++] = (byte) chunkStream; // fmt 0
        at = put24(at, extended ? EXTENDED : timestamp);
        at = put24(at, length);
        header[at++] = (byte) type;
        header[at++] = (byte) streamId; // the message stream id is little-endian, unlike everything else
        header[at++] = (byte) (streamId >>> 8);
        header[at++] = (byte) (streamId >>> 16);
        header[at++] = (byte) (streamId >>> 24);
        if (extended) {
            at = put32(at, timestamp);
        }
        long written = 0;
        int sent = 0;
        do {
            out.write(header, 0, at);
            int part = Math.min(chunkSize, length - sent);
            out.write(data, offset + sent, part);
            written += at + part;
            sent += part;
            at = 0;
            header[at++] = (byte) (0xC0 | chunkStream); // fmt 3
            if (extended) {
                at = put32(at, timestamp);
            }
        } while (sent < length);
        return written;
    }

    private int put24(int at, int value) {
        header[at] = (byte) (value >>> 16);
        header[at + 1] = (byte) (value >>> 8);
        header[at + 2] = (byte) value;
        return at + 3;
    }

    private int put32(int at, int value) {
        header[at] = (byte) (value >>> 24);
        return put24(at + 1, value);
    }
}
