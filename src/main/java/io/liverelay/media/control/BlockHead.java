package io.liverelay.media.control;

/**
 * The head of a Block or SimpleBlock (its track number as a vint, then a signed 16-bit timecode relative to the
 * cluster), read one byte at a time because a chunk may end inside it. A body too short for its head, or a track
 * number that is no vint, is odd: it is not counted, and the rest of the block is skipped as usual.
 */
final class BlockHead {

    private long left; // body bytes not yet taken
    private int trackLength;
    private int read;
    private int timecode;
    private boolean reading;
    private boolean valid;

    /** A block's body of {@code size} bytes begins with the next byte. */
    void begin(long size) {
        left = size;
        read = 0;
        timecode = 0;
        valid = false;
        reading = size > 0;
    }

    boolean reading() {
        return reading;
    }

    /** Takes the next byte of the body; true once the head was read or found odd. */
    boolean add(int b) {
        left--;
        if (read++ == 0) {
            trackLength = Integer.numberOfLeadingZeros(b) - 23;
            if (trackLength < 1 || trackLength > 8) {
                return done(false);
            }
        } else if (read > trackLength) {
            timecode = (timecode << 8) | b;
            if (read == trackLength + 2) {
                return done(true);
            }
        }
        return left == 0 && done(false);
    }

    private boolean done(boolean complete) {
        reading = false;
        valid = complete;
        return true;
    }

    boolean valid() {
        return valid;
    }

    /** In the cluster's ticks, relative to its timestamp. */
    int timecode() {
        return (short) timecode;
    }

    /** The body bytes after the head, to skip. */
    long left() {
        return left;
    }
}
