package io.liverelay.media.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a whole Matroska file the simple way, apart from the code under test: the top-level and Segment-level
 * element ids in order, the timestamp scale, and every cluster with its blocks (SimpleBlocks and BlockGroups'
 * Blocks). An unknown-size Cluster ends where the next Segment-level element begins.
 */
record EbmlWalk(List<Integer> topIds, List<Integer> segmentIds, long scale, List<Cluster> clusters) {

    record Block(int track, int timecode, boolean simple) {
    }

    record Cluster(long timestamp, List<Block> blocks) {
    }

    private static final Set<Integer> SEGMENT_LEVEL = Set.of(Mkv.CLUSTER, 0x1C53BB6B, 0x1254C367, 0x1043A770,
            0x1941A469, 0x114D9B74, Mkv.INFO, Mkv.TRACKS, Mkv.EBML, Mkv.SEGMENT);

    static EbmlWalk of(byte[] file) {
        List<Integer> topIds = new ArrayList<>();
        List<Integer> segmentIds = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        long scale = 1_000_000;
        int at = 0;
        while (at < file.length) {
            int id = id(file, at);
            at += vintLength(file[at]);
            long size = size(file, at);
            at += vintLength(file[at]);
            topIds.add(id);
            if (id != Mkv.SEGMENT) {
                at += (int) size;
                continue;
            }
            int end = size < 0 ? file.length : at + (int) size;
            while (at < end) {
                int child = id(file, at);
                at += vintLength(file[at]);
                long childSize = size(file, at);
                at += vintLength(file[at]);
                segmentIds.add(child);
                int childEnd = childSize >= 0 ? at + (int) childSize : nextSegmentLevel(file, at, end);
                if (child == Mkv.INFO) {
                    scale = info(file, at, childEnd);
                } else if (child == Mkv.CLUSTER) {
                    clusters.add(cluster(file, at, childEnd));
                }
                at = childEnd;
            }
        }
        return new EbmlWalk(List.copyOf(topIds), List.copyOf(segmentIds), scale, List.copyOf(clusters));
    }

    /** Every block's time in ticks, in file order. */
    List<long[]> blockTimes() {
        List<long[]> times = new ArrayList<>();
        for (Cluster cluster : clusters) {
            for (Block block : cluster.blocks()) {
                times.add(new long[] {block.track(), cluster.timestamp() + block.timecode()});
            }
        }
        return times;
    }

    long simpleBlocks() {
        return clusters.stream().flatMap(c -> c.blocks().stream()).filter(Block::simple).count();
    }

    long lastTicks() {
        return blockTimes().stream().mapToLong(time -> time[1]).max().orElseThrow();
    }

    private static long info(byte[] file, int at, int end) {
        long scale = 1_000_000;
        while (at < end) {
            int id = id(file, at);
            at += vintLength(file[at]);
            long size = size(file, at);
            at += vintLength(file[at]);
            if (id == Mkv.TIMESTAMP_SCALE) {
                scale = unsigned(file, at, (int) size);
            }
            at += (int) size;
        }
        return scale;
    }

    private static Cluster cluster(byte[] file, int at, int end) {
        long timestamp = -1;
        List<Block> blocks = new ArrayList<>();
        while (at < end) {
            int id = id(file, at);
            at += vintLength(file[at]);
            long size = size(file, at);
            at += vintLength(file[at]);
            if (id == Mkv.TIMESTAMP) {
                timestamp = unsigned(file, at, (int) size);
            } else if (id == Mkv.SIMPLE_BLOCK) {
                blocks.add(block(file, at, true));
            } else if (id == Mkv.BLOCK_GROUP) {
                int inner = at;
                while (inner < at + size) {
                    int innerId = id(file, inner);
                    inner += vintLength(file[inner]);
                    long innerSize = size(file, inner);
                    inner += vintLength(file[inner]);
                    if (innerId == Mkv.BLOCK) {
                        blocks.add(block(file, inner, false));
                    }
                    inner += (int) innerSize;
                }
            }
            at += (int) size;
        }
        return new Cluster(timestamp, List.copyOf(blocks));
    }

    private static Block block(byte[] file, int at, boolean simple) {
        int trackLength = vintLength(file[at]);
        int track = (int) (unsigned(file, at, trackLength) & ~(0x80L << (8 * (trackLength - 1))));
        short timecode = (short) (((file[at + trackLength] & 0xFF) << 8) | (file[at + trackLength + 1] & 0xFF));
        return new Block(track, timecode, simple);
    }

    private static int nextSegmentLevel(byte[] file, int at, int end) {
        while (at < end) {
            int id = id(file, at);
            if (SEGMENT_LEVEL.contains(id)) {
                return at;
            }
            at += vintLength(file[at]);
            long size = size(file, at);
            at += vintLength(file[at]) + (int) size;
        }
        return end;
    }

    private static int id(byte[] file, int at) {
        return (int) unsigned(file, at, vintLength(file[at]));
    }

    private static int vintLength(byte first) {
        return Integer.numberOfLeadingZeros(first & 0xFF) - 23;
    }

    /** -1 when unknown. */
    private static long size(byte[] file, int at) {
        int length = vintLength(file[at]);
        long value = unsigned(file, at, length) & (-1L >>> (64 - 7 * length));
        return value == (1L << (7 * length)) - 1 ? -1 : value;
    }

    private static long unsigned(byte[] file, int at, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (file[at + i] & 0xFF);
        }
        return value;
    }
}
