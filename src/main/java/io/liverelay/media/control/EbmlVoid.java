package io.liverelay.media.control;

import java.util.Optional;

/** An EBML Void element of a given total length (id, size and zeros), which every reader skips. */
final class EbmlVoid {

    private static final byte VOID = (byte) 0xEC;

    private EbmlVoid() {
    }

    /** The Void that is exactly {@code length} bytes long; empty below 2 bytes, the shortest element there is. */
    static Optional<byte[]> filling(int length) {
        for (int sizeLength = 1; sizeLength <= 8 && length >= 1 + sizeLength; sizeLength++) {
            long size = length - 1 - sizeLength;
            if (size < (1L << (7 * sizeLength)) - 1) { // all ones would mean "unknown"
                byte[] element = new byte[length];
                element[0] = VOID;
                for (int i = sizeLength; i >= 1; i--, size >>>= 8) {
                    element[i] = (byte) size;
                }
                element[1] |= (byte) (0x80 >> (sizeLength - 1));
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }
}
