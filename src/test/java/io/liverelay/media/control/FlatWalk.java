package io.liverelay.media.control;

/**
 * Walks Matroska that may end anywhere, apart from the code under test: it steps into the Segment and each Cluster
 * (known size or not, their children follow their heads) and takes every other element whole. It tells where the
 * first element is cut off by the end, where the last whole element ends, and how many whole blocks it saw.
 *
 * @param cutAt where the element begins that the bytes end inside (its head or its body); -1 when none
 * @param wholeTo where the last whole element ends (a cluster's CRC-32 does not count: it is part of the head the
 *     clock holds until the timestamp); 0 before any
 * @param blocks whole SimpleBlocks and BlockGroups
 */
record FlatWalk(int cutAt, int wholeTo, int blocks) {

    private static final int CRC32 = 0xBF;

    static FlatWalk of(byte[] bytes) {
        int at = 0;
        int wholeTo = 0;
        int blocks = 0;
        while (at < bytes.length) {
            int idLength = vintLength(bytes[at]);
            if (at + idLength >= bytes.length || at + idLength + vintLength(bytes[at + idLength]) > bytes.length) {
                return new FlatWalk(at, wholeTo, blocks);
            }
            int id = (int) unsigned(bytes, at, idLength);
            int sizeAt = at + idLength;
            int sizeLength = vintLength(bytes[sizeAt]);
            long size = unsigned(bytes, sizeAt, sizeLength) & (-1L >>> (64 - 7 * sizeLength));
            boolean unknown = size == (1L << (7 * sizeLength)) - 1;
            int bodyAt = sizeAt + sizeLength;
            if (id == Mkv.SEGMENT || id == Mkv.CLUSTER) {
                at = bodyAt;
                continue;
            }
            if (unknown || bodyAt + size > bytes.length) {
                return new FlatWalk(at, wholeTo, blocks);
            }
            at = bodyAt + (int) size;
            wholeTo = id == CRC32 ? wholeTo : at;
            blocks += id == Mkv.SIMPLE_BLOCK || id == Mkv.BLOCK_GROUP ? 1 : 0;
        }
        return new FlatWalk(-1, wholeTo, blocks);
    }

    private static int vintLength(byte first) {
        return Integer.numberOfLeadingZeros(first & 0xFF) - 23;
    }

    private static long unsigned(byte[] bytes, int at, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
