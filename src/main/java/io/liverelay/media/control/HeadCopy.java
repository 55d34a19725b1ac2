package io.liverelay.media.control;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * A copy of the bytes before a stream's first cluster (EBML header, Segment head, Info, Tracks...), taken as they
 * pass: what a recording's tracks are is read from it. A recorder writes a few hundred bytes there, so the copy is
 * bounded; a longer head is something else, and the copy gives up.
 */
final class HeadCopy {

    private final int maxBytes;
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private byte[] head;

    HeadCopy(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The next chunk of the stream, as it came. */
    void add(byte[] chunk) {
        if (bytes != null) {
            bytes.write(chunk, 0, Math.min(chunk.length, maxBytes - bytes.size()));
        }
    }

    /** The first cluster begins at {@code position} in the stream; false when the head is longer than the bound. */
    boolean end(long position) {
        boolean within = position <= maxBytes;
        head = within ? Arrays.copyOf(bytes.toByteArray(), (int) position) : null;
        bytes = null;
        return within;
    }

    /** False once {@code position} bytes have passed without a cluster and that is more than the bound. */
    boolean within(long position) {
        return head != null || bytes != null && position <= maxBytes;
    }

    Optional<byte[]> head() {
        return Optional.ofNullable(head).map(byte[]::clone);
    }
}
