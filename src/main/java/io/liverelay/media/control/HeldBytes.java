package io.liverelay.media.control;

import java.util.Arrays;

/**
 * The bytes a {@link ClusterClock} holds back, kept in one buffer that grows in place: a block that arrives in many
 * small chunks then costs its length in copying, not its length times the number of chunks. A buffer much larger
 * than what it holds is let go, so one large block does not keep its memory for the rest of the stream.
 */
final class HeldBytes {

    private static final byte[] NOTHING = new byte[0];
    private static final int REUSED_CAPACITY = 64 << 10;

    private byte[] buffer = NOTHING;
    private int length;

    /** How many bytes are held. */
    int length() {
        return length;
    }

    /**
     * The held bytes with {@code chunk} after them, in an array that may be longer than both ({@link #length()}
     * plus the chunk's length is what counts): {@code chunk} itself when nothing is held.
     */
    byte[] append(byte[] chunk) {
        if (length == 0) {
            return chunk;
        }
        if (buffer.length - length < chunk.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + chunk.length, 2 * buffer.length));
        }
        System.arraycopy(chunk, 0, buffer, length, chunk.length);
        return buffer;
    }

    /** From now on exactly {@code bytes[from, to)} is held; {@code bytes} may be what {@link #append} gave. */
    void keep(byte[] bytes, int from, int to) {
        int count = to - from;
        boolean reuse = buffer.length >= count && buffer.length <= Math.max(REUSED_CAPACITY, 4L * count);
        byte[] target = reuse ? buffer : count == 0 ? NOTHING : new byte[count];
        System.arraycopy(bytes, from, target, 0, count);
        buffer = target;
        length = count;
    }
}
