package io.liverelay.media.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds small Matroska by hand, for what a real recording never shows (odd blocks, BlockGroups, other sizes). */
final class Mkv {

    static final int EBML = 0x1A45DFA3;
    static final int SEGMENT = 0x18538067;
    static final int INFO = 0x1549A966;
    static final int TIMESTAMP_SCALE = 0x2AD7B1;
    static final int TRACKS = 0x1654AE6B;
    static final int TRACK_ENTRY = 0xAE;
    static final int CLUSTER = 0x1F43B675;
    static final int TIMESTAMP = 0xE7;
    static final int SIMPLE_BLOCK = 0xA3;
    static final int BLOCK_GROUP = 0xA0;
    static final int BLOCK = 0xA1;
    static final int VOID = 0xEC;

    private Mkv() {
    }

    static byte[] element(int id, byte[]... children) {
        byte[] data = concat(children);
        return concat(id(id), size(data.length), data);
    }

    /** With the size "unknown", as a live recorder writes its Segment and Clusters. */
    static byte[] unknownSize(int id, byte[]... children) {
        return concat(id(id), new byte[] {(byte) 0x01, -1, -1, -1, -1, -1, -1, -1}, concat(children));
    }

    static byte[] uint(int id, long value) {
        int length = Math.max(1, 8 - Long.numberOfLeadingZeros(value) / 8);
        byte[] data = new byte[length];
        for (int i = length - 1; i >= 0; i--, value >>>= 8) {
            data[i] = (byte) value;
        }
        return element(id, data);
    }

    static byte[] string(int id, String value) {
        return element(id, value.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] float4(int id, float value) {
        int bits = Float.floatToIntBits(value);
        return element(id, new byte[] {(byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits});
    }

    static byte[] float8(int id, double value) {
        long bits = Double.doubleToLongBits(value);
        byte[] data = new byte[8];
        for (int i = 7; i >= 0; i--, bits >>>= 8) {
            data[i] = (byte) bits;
        }
        return element(id, data);
    }

    /** A SimpleBlock (or Block) body: a one-byte track number, the timecode, flags, then a payload. */
    static byte[] block(int id, int track, int timecode, int payload) {
        byte[] data = new byte[4 + payload];
        data[0] = (byte) (0x80 | track);
        data[1] = (byte) (timecode >> 8);
        data[2] = (byte) timecode;
        data[3] = (byte) 0x80;
        return element(id, data);
    }

    static byte[] ebmlHeader() {
        return element(EBML, uint(0x4286, 1), string(0x4282, "webm"));
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] id(int id) {
        int length = 4 - Integer.numberOfLeadingZeros(id) / 8;
        byte[] bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--, id >>>= 8) {
            bytes[i] = (byte) id;
        }
        return bytes;
    }

    private static byte[] size(long size) {
        int length = 1;
        while (size >= (1L << (7 * length)) - 1) {
            length++;
        }
        byte[] bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--, size >>>= 8) {
            bytes[i] = (byte) size;
        }
        bytes[0] |= (byte) (0x80 >> (length - 1));
        return bytes;
    }
}
