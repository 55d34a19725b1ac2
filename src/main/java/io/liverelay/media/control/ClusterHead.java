package io.liverelay.media.control;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes a cluster's head (id, size, an optional CRC-32, then its Timestamp element) again with another timestamp.
 * The CRC-32 becomes a Void element of the same length: it would no longer match.
 */
final class ClusterHead {

    private static final byte VOID = (byte) 0xEC;

    /** Where in the bytes the head begins, its size field, its CRC-32 (-1: none), its Timestamp, and the end. */
    record At(int start, int sizeAt, int crcAt, int timestampAt, int end) {
    }

    private ClusterHead() {
    }

    /** The new head; empty when it would change a length that a known-size segment counts. */
    static Optional<byte[]> moved(byte[] bytes, At at, long timestamp, boolean sizeKnown, boolean segmentSizeKnown) {
        int start = at.start();
        int sizeAt = at.sizeAt();
        int timestampAt = at.timestampAt();
        int end = at.end();
        int sizeLength = Integer.numberOfLeadingZeros(bytes[sizeAt] & 0xFF) - 23;
        int oldValueLength = end - timestampAt - 1 - vintLength(bytes[timestampAt + 1]);
        int valueLength = Math.max(oldValueLength, bytesFor(timestamp));
        if (valueLength == oldValueLength) {
            byte[] head = Arrays.copyOfRange(bytes, start, end);
            writeUnsigned(head, head.length - valueLength, valueLength, timestamp);
            if (at.crcAt() >= 0) {
                head[at.crcAt() - start] = VOID;
            }
            return Optional.of(head);
        }
        if (segmentSizeKnown) {
            return Optional.empty();
        }
        var head = new ByteArrayOutputStream(end - start + 16);
        head.write(bytes, start, sizeAt - start);
        if (sizeKnown) {
            long size = readVint(bytes, sizeAt, sizeLength) + valueLength - oldValueLength
                    + 1 - vintLength(bytes[timestampAt + 1]);
            int length = size < (1L << (7 * sizeLength)) - 1 ? sizeLength : 8;
            byte[] field = new byte[length];
            writeUnsigned(field, 0, length, size);
            field[0] |= (byte) (0x80 >> (length - 1));
            head.write(field, 0, length);
        } else {
            head.write(bytes, sizeAt, sizeLength);
        }
        if (at.crcAt() >= 0) {
            head.write(VOID);
            head.write(bytes, at.crcAt() + 1, timestampAt - at.crcAt() - 1);
        }
        byte[] element = new byte[2 + valueLength];
        element[0] = (byte) 0xE7;
        element[1] = (byte) (0x80 | valueLength);
        writeUnsigned(element, 2, valueLength, timestamp);
        head.write(element, 0, element.length);
        return Optional.of(head.toByteArray());
    }

    private static int vintLength(byte first) {
        return Integer.numberOfLeadingZeros(first & 0xFF) - 23;
    }

    private static long readVint(byte[] bytes, int at, int length) {
        long value = bytes[at] & (0xFF >> length);
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }

    private static int bytesFor(long value) {
        return Math.max(1, 8 - Long.numberOfLeadingZeros(value) / 8);
    }

    private static void writeUnsigned(byte[] target, int at, int length, long value) {
        for (int i = length - 1; i >= 0; i--) {
            target[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
