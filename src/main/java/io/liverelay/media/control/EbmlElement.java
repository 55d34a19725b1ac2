package io.liverelay.media.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** An element found in bytes held whole (a stream's head): its id and where its data begins and ends. */
record EbmlElement(int id, int start, int end) {

    /**
     * The elements that follow one another from {@code from} to {@code to}, as many as are whole: a head ends
     * where the first cluster begins, so what runs past the end is not there. A Segment, and an element of
     * unknown size, runs to {@code to}.
     */
    static List<EbmlElement> children(byte[] bytes, int from, int to) {
        List<EbmlElement> children = new ArrayList<>();
        int at = from;
        while (at < to) {
            int idLength = length(bytes[at], 4);
            if (idLength == 0 || at + idLength >= to) {
                break;
            }
            int sizeLength = length(bytes[at + idLength], 8);
            int dataStart = at + idLength + sizeLength;
            if (sizeLength == 0 || dataStart > to) {
                break;
            }
            int id = (int) unsigned(bytes, at, idLength);
            long size = unsigned(bytes, at + idLength, sizeLength) & (-1L >>> (64 - 7 * sizeLength));
            boolean unknown = size == (1L << (7 * sizeLength)) - 1;
            long end = unknown || id == MatroskaScanner.SEGMENT ? Math.min(to, dataStart + size) : dataStart + size;
            if (end > to) {
                break;
            }
            children.add(new EbmlElement(id, dataStart, (int) end));
            at = (int) end;
        }
        return children;
    }

    /** The first of these with {@code id}. */
    static Optional<EbmlElement> first(List<EbmlElement> elements, int id) {
        return elements.stream().filter(element -> element.id() == id).findFirst();
    }

    /** This element's children, when they fill it exactly. */
    Optional<List<EbmlElement>> children(byte[] bytes) {
        List<EbmlElement> children = children(bytes, start, end);
        int filled = children.isEmpty() ? start : children.get(children.size() - 1).end();
        return filled == end ? Optional.of(children) : Optional.empty();
    }

    OptionalLong unsigned(byte[] bytes) {
        return end - start <= 8 ? OptionalLong.of(unsigned(bytes, start, end - start)) : OptionalLong.empty();
    }

    /** A Matroska float: 4 or 8 bytes (or none, meaning 0). */
    OptionalDouble floating(byte[] bytes) {
        return switch (end - start) {
            case 0 -> OptionalDouble.of(0);
            case 4 -> OptionalDouble.of(Float.intBitsToFloat((int) unsigned(bytes, start, 4)));
            case 8 -> OptionalDouble.of(Double.longBitsToDouble(unsigned(bytes, start, 8)));
            default -> OptionalDouble.empty();
        };
    }

    /** An ASCII string, which may be padded with zero bytes. */
    String string(byte[] bytes) {
        int length = 0;
        while (start + length < end && bytes[start + length] != 0) {
            length++;
        }
        return new String(bytes, start, length, StandardCharsets.US_ASCII);
    }

    /** The length a vint's first byte announces; 0 when it is no vint or longer than {@code max}. */
    private static int length(byte first, int max) {
        int length = Integer.numberOfLeadingZeros(first & 0xFF) - 23;
        return length >= 1 && length <= max ? length : 0;
    }

    private static long unsigned(byte[] bytes, int at, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
