package io.liverelay.media.control;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Moves a Matroska/WebM stream's clock forward by the time its recorder was paused. A browser's recorder leaves a
 * pause out of its timeline; a live ingest expects the timestamps to follow the wall clock, so every cluster that
 * begins after {@link #shift} carries that much more time. Only cluster timestamps change (blocks are relative to
 * them); a timestamp that needs more bytes is written wider, which an unknown-size cluster allows and a known-size
 * one allows by growing its size. A cluster head is held back until its timestamp is read, so a chunk may come out
 * a few bytes shorter or longer than it went in. What it cannot follow makes it give up ({@link #failed()}): from
 * then on the bytes pass unchanged.
 * <p>
 * A recording that {@link #continuing continues} another, when a browser reconnects with a new recorder, is spliced
 * into the first one's ffmpeg: its head (everything before its first cluster) is left out, since the first
 * stream's unknown-size Segment simply goes on, and its clusters are moved past what the first one passed
 * ({@link #lastNanos()}). Whether the two can be spliced at all is for {@link MatroskaTracks} to say, from the
 * {@link #head()} of each.
 */
public final class ClusterClock {

    private static final int TIMESTAMP = 0xE7;
    private static final int CRC32 = 0xBF;
    private static final int INFO = 0x1549A966;
    private static final int TIMESTAMP_SCALE = 0x2AD7B1;
    private static final int SIMPLE_BLOCK = 0xA3;
    private static final int BLOCK_GROUP = 0xA0;
    private static final int BLOCK = 0xA1;
    private static final int MAX_HEAD_BYTES = 256 << 10;
    private static final byte[] NOTHING = new byte[0];

    private enum Level { TOP, SEGMENT, INFO, CLUSTER, GROUP }

    private final boolean continuing;
    private final EbmlHead head = new EbmlHead();
    private final BlockHead block = new BlockHead();
    private final HeadCopy headCopy = new HeadCopy(MAX_HEAD_BYTES);
    private Level level = Level.TOP;
    private long position; // of the next input byte, in the whole stream
    private long skip;
    private long infoEnd;
    private long clusterEnd; // -1 while the cluster's size is unknown
    private long groupEnd;
    private boolean clustersBegan;
    private int outputFrom; // in the bytes being parsed: a continuation's head, before it, is left out
    private boolean clusterTimed;
    private long clusterTicks; // the cluster's timestamp as it goes out
    private long lastTicks = Long.MIN_VALUE;
    private boolean segmentSizeKnown;
    private boolean firstChild;
    private long nanosPerTick = 1_000_000;
    private int valueId;
    private int valueLeft;
    private long value;
    private long shiftNanos;
    private boolean failed;
    private byte[] carry = NOTHING; // held back: a cluster head (and its timestamp) not yet complete
    private int clusterHeadAt = -1; // in the bytes being parsed, where the held cluster begins
    private int clusterSizeAt; // and where its size field begins
    private int crcAt = -1; // and its CRC-32 element, which a new timestamp would make wrong
    private int timestampAt;

    /** A clock for a recording's own stream: every byte from its EBML header on goes out. */
    public ClusterClock() {
        this(false);
    }

    private ClusterClock(boolean continuing) {
        this.continuing = continuing;
    }

    /**
     * A clock for a new recording that continues another's output in the same ffmpeg: nothing before its first
     * cluster goes out, and its clusters are moved forward by {@code shiftNanos} (to which {@link #shift} adds,
     * also before the first chunk). A continuation that fails before its first cluster has left out what it read
     * and passes the rest unchanged, a second head included: {@link #failed()} says not to splice it.
     */
    public static ClusterClock continuing(long shiftNanos) {
        ClusterClock clock = new ClusterClock(true);
        clock.shift(shiftNanos);
        return clock;
    }

    /** Adds to the time that every cluster starting from now on is moved forward. */
    public void shift(long nanos) {
        if (nanos > 0) {
            shiftNanos += nanos;
        }
    }

    public long shiftNanos() {
        return shiftNanos;
    }

    public boolean failed() {
        return failed;
    }

    /**
     * The latest media time that went out, in nanoseconds of the output's timeline (the shift included): the
     * largest cluster timestamp plus block timecode of any block whose head was read; -1 before any. A block too
     * odd to read is not counted; after {@link #failed()} nothing more is.
     */
    public long lastNanos() {
        return lastTicks == Long.MIN_VALUE ? -1 : Math.max(0, lastTicks) * nanosPerTick;
    }

    /**
     * The input's bytes before its first cluster, once that cluster began: empty before, and when they were more
     * than 256 KiB, which no recorder writes (the clock then failed).
     */
    public Optional<byte[]> head() {
        return headCopy.head();
    }

    /** The bytes to pass on for this chunk: the chunk itself unless a timestamp changed or a cluster head is held. */
    public byte[] feed(byte[] chunk) {
        if (failed) {
            return chunk;
        }
        byte[] bytes = carry.length == 0 ? chunk : concat(carry, chunk);
        int from = carry.length;
        carry = NOTHING;
        headCopy.add(chunk);
        outputFrom = continuing && !clustersBegan ? Integer.MAX_VALUE : 0;
        ByteArrayOutputStream rewritten = null;
        int emitted = 0;
        int i = from;
        while (i < bytes.length && !failed) {
            if (skip > 0) {
                int n = (int) Math.min(skip, bytes.length - i);
                i += n;
                position += n;
                skip -= n;
                endOfParent();
                continue;
            }
            int b = bytes[i] & 0xFF;
            i++;
            position++;
            if (valueLeft > 0) {
                value = (value << 8) | b;
                if (--valueLeft == 0) {
                    byte[] replaced = valueRead(bytes, i);
                    if (replaced != null) {
                        rewritten = rewritten == null ? new ByteArrayOutputStream(bytes.length + 16) : rewritten;
                        emitted = Math.max(emitted, outputFrom);
                        rewritten.write(bytes, emitted, clusterHeadAt - emitted);
                        rewritten.write(replaced, 0, replaced.length);
                        emitted = i;
                    }
                    if (valueId == TIMESTAMP) {
                        clusterHeadAt = -1;
                    }
                    endOfParent();
                }
                continue;
            }
            if (block.reading()) {
                if (block.add(b)) {
                    blockRead();
                }
                endOfParent();
                continue;
            }
            if (head.add(b, position - 1, i - 1)) {
                failed |= !head.valid();
                if (!failed) {
                    element();
                }
                endOfParent();
            }
        }
        failed |= !headCopy.within(position);
        if (failed) {
            clusterHeadAt = -1;
        }
        // after a failure nothing is held back: no later feed would pass it on
        int keepFrom = failed ? bytes.length : clusterHeadAt >= 0 ? clusterHeadAt
                : head.partial() ? head.startIndex() : bytes.length;
        if (keepFrom < bytes.length) {
            carry = Arrays.copyOfRange(bytes, keepFrom, bytes.length);
            clusterHeadAt = clusterHeadAt >= 0 ? 0 : -1;
            clusterSizeAt -= keepFrom;
            crcAt -= crcAt >= 0 ? keepFrom : 0;
            timestampAt -= keepFrom;
            head.moved(keepFrom);
        }
        int start = Math.min(outputFrom, keepFrom);
        if (rewritten == null) {
            return start == 0 && keepFrom == bytes.length && bytes == chunk ? chunk
                    : Arrays.copyOfRange(bytes, start, keepFrom);
        }
        rewritten.write(bytes, emitted, keepFrom - emitted);
        return rewritten.toByteArray();
    }

    /** A complete element head: descend, read its value, or skip it. */
    private void element() {
        int id = head.id();
        long size = head.size();
        boolean unknown = head.sizeUnknown();
        if (level == Level.TOP) {
            if (id == MatroskaScanner.SEGMENT) {
                level = Level.SEGMENT;
                segmentSizeKnown = !unknown && !continuing; // a continuation's clusters go on in the first's
            } else if (id == MatroskaScanner.EBML && !unknown) {
                skip = size;
            } else {
                failed = true;
            }
            return;
        }
        if (level == Level.CLUSTER && firstChild) {
            if (id == CRC32 && crcAt < 0 && size == 4) {
                crcAt = head.startIndex(); // ffmpeg puts a checksum before the timestamp: still the head
                skip = size;
                return;
            }
            firstChild = false;
            timestampAt = head.startIndex();
            if (id != TIMESTAMP) {
                clusterHeadAt = -1; // nothing to change in this cluster's head: let it go
            }
        }
        if (level == Level.CLUSTER && clusterEnd < 0 && MatroskaScanner.SEGMENT_CHILDREN.contains(id)) {
            level = Level.SEGMENT; // an unknown-size cluster ends where the next top-level element begins
        }
        if (level == Level.SEGMENT && id == MatroskaScanner.CLUSTER && !clustersBegan && !firstCluster()) {
            failed = true;
        } else if (level == Level.SEGMENT && id == MatroskaScanner.CLUSTER) {
            level = Level.CLUSTER;
            clusterTimed = false;
            clusterEnd = unknown ? -1 : position + size;
            firstChild = true;
            crcAt = -1;
            clusterHeadAt = head.startIndex();
            clusterSizeAt = head.sizeIndex();
        } else if (level == Level.SEGMENT && id == INFO && !unknown) {
            level = Level.INFO;
            infoEnd = position + size;
        } else if (unknown) {
            failed = true;
        } else if ((id == TIMESTAMP && level == Level.CLUSTER || id == TIMESTAMP_SCALE && level == Level.INFO)
                && size >= 1 && size <= 8) {
            valueId = id;
            valueLeft = (int) size;
            value = 0;
        } else if (id == TIMESTAMP && level == Level.CLUSTER) {
            failed = true;
        } else if (id == SIMPLE_BLOCK && level == Level.CLUSTER || id == BLOCK && level == Level.GROUP) {
            block.begin(size);
        } else if (id == BLOCK_GROUP && level == Level.CLUSTER) {
            level = Level.GROUP;
            groupEnd = position + size;
        } else {
            skip = size;
        }
    }

    /** A value was read: the scale is kept; a cluster's timestamp, if it moves, gives the cluster's new head. */
    private byte[] valueRead(byte[] bytes, int end) {
        if (valueId == TIMESTAMP_SCALE) {
            nanosPerTick = value > 0 ? value : nanosPerTick;
            return null;
        }
        long ticks = shiftNanos / nanosPerTick;
        if (ticks == 0 || clusterHeadAt < 0) {
            if (ticks != 0) {
                failed = true; // a timestamp that is not its cluster's first element: give up rather than guess
            }
            timed(value);
            return null;
        }
        byte[] moved = ClusterHead.moved(bytes, new ClusterHead.At(clusterHeadAt, clusterSizeAt, crcAt, timestampAt,
                end), value + ticks, clusterEnd >= 0, segmentSizeKnown).orElse(null);
        failed |= moved == null;
        timed(value + ticks);
        return moved;
    }

    private void timed(long ticks) {
        clusterTimed = true;
        clusterTicks = ticks;
    }

    /** The first cluster begins: the head is complete, and a continuation's output begins here. */
    private boolean firstCluster() {
        clustersBegan = true;
        outputFrom = continuing ? head.startIndex() : 0;
        return headCopy.end(head.startPosition());
    }

    /** A block's head was read: its time counts if it could be read in a cluster whose timestamp is known. */
    private void blockRead() {
        skip = block.left();
        if (block.valid() && clusterTimed) {
            lastTicks = Math.max(lastTicks, clusterTicks + block.timecode());
        }
    }

    /** Leaves Info, a BlockGroup or a known-size cluster once its last byte has gone past. */
    private void endOfParent() {
        if (skip > 0 || valueLeft > 0 || head.partial() || block.reading()) {
            return;
        }
        if (level == Level.GROUP && position >= groupEnd) {
            level = Level.CLUSTER;
        }
        if (level == Level.INFO && position >= infoEnd || level == Level.CLUSTER && clusterEnd >= 0
                && position >= clusterEnd) {
            level = Level.SEGMENT;
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
