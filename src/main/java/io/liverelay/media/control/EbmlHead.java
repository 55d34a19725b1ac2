package io.liverelay.media.control;

/**
 * An EBML element head (id, then size, both variable-length) read one byte at a time, so that it may straddle
 * chunks; it remembers where in the caller's bytes it began and where its size field begins.
 */
final class EbmlHead {

    private int id;
    private int idLength;
    private int idRead;
    private long size;
    private int sizeLength;
    private int sizeRead;
    private boolean sizeUnknown;
    private boolean valid = true;
    private int startIndex;
    private int sizeIndex;
    private long startPosition;

    /** Takes the next byte ({@code index}: where it is in the caller's bytes); true once the head is complete. */
    boolean add(int b, long position, int index) {
        if (idRead == 0) {
            startIndex = index;
            startPosition = position;
            idLength = Integer.numberOfLeadingZeros(b) - 23;
            id = b;
            idRead = 1;
            if (idLength < 1 || idLength > 4) {
                return invalid();
            }
            return false;
        }
        if (idRead < idLength) {
            id = (id << 8) | b;
            idRead++;
            return false;
        }
        if (sizeRead == 0) {
            sizeIndex = index;
            sizeLength = Integer.numberOfLeadingZeros(b) - 23;
            if (sizeLength < 1 || sizeLength > 8) {
                return invalid();
            }
            size = b & (0xFF >> sizeLength);
            sizeUnknown = size == (0xFF >> sizeLength);
        } else {
            size = (size << 8) | b;
            sizeUnknown &= b == 0xFF;
        }
        if (++sizeRead < sizeLength) {
            return false;
        }
        idRead = 0;
        sizeRead = 0;
        return true;
    }

    private boolean invalid() {
        valid = false;
        idRead = 0;
        sizeRead = 0;
        return true;
    }

    boolean valid() {
        return valid;
    }

    /** Some of a head was read, not all of it. */
    boolean partial() {
        return idRead > 0;
    }

    /** The caller dropped {@code count} bytes from the front of its buffer. */
    void moved(int count) {
        startIndex -= count;
        sizeIndex -= count;
    }

    int id() {
        return id;
    }

    long size() {
        return size;
    }

    boolean sizeUnknown() {
        return sizeUnknown;
    }

    /** Where the head began in the whole stream. */
    long startPosition() {
        return startPosition;
    }

    int startIndex() {
        return startIndex;
    }

    int sizeIndex() {
        return sizeIndex;
    }
}
