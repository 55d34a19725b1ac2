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
 * A cluster's children (blocks, block groups, its timestamp...) go out whole: each is held back until its last byte
 * came, so that the output never ends inside one. ffmpeg can do nothing with half a block anyway, but if the
 * recording ends there (its browser is gone) and another is spliced in, ffmpeg would read the new bytes as the rest
 * of the old block; {@link #discardHeld()} drops the incomplete one instead, and {@link #closing()} fills the rest
 * of a known-size cluster that went out in part. An element larger than 8 MiB, which no recorder writes but a
 * hostile client may declare, is not held past that: it goes out as it comes ({@link #overlong()} counts them), so
 * a client cannot make the relay hold unbounded memory. Elements outside clusters (the EBML header, Info, Tracks,
 * Cues...) pass as they come, only a partial element head is held.
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
    static final int MAX_HELD_BYTES = 8 << 20;

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
    private final HeldBytes carry = new HeldBytes(); // held back: a cluster head, a cluster child, an element head
    private int clusterHeadAt = -1; // in the bytes being parsed, where the held cluster begins
    private int clusterSizeAt; // and where its size field begins
    private int crcAt = -1; // and its CRC-32 element, which a new timestamp would make wrong
    private int timestampAt;
    private int childAt = -1; // in the bytes being parsed, where a cluster's child that has not all come begins
    private long childTicks = Long.MIN_VALUE; // the latest block time in that child: it counts once the child went out
    private int overlong;
    private boolean ended;
    private int discarded;

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
     * largest cluster timestamp plus block timecode of any block that went out (a held one counts once it is
     * complete, and is never counted if {@link #discardHeld() dropped}); -1 before any. A block too odd to read is
     * not counted; after {@link #failed()} nothing more is.
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

    /**
     * The recording ends here (its recorder is gone, another will be spliced in): what is held back, an incomplete
     * cluster child, a cluster head waiting for its timestamp or part of an element head, never goes out. Returns
     * how many bytes that was. The clock takes no more input after this.
     */
    public int discardHeld() {
        int dropped = carry.length();
        discarded += dropped;
        carry.keep(new byte[0], 0, 0);
        childTicks = Long.MIN_VALUE;
        ended = true;
        return dropped;
    }

    /**
     * What closes the output where it stands, were the recording to end now (what is held back left out), so that
     * what follows is read from the Segment's level: nothing, or inside a cluster of known size that went out in
     * part a Void element as long as the rest of it, since ffmpeg would read whatever follows as that cluster's.
     * Empty when it cannot be closed: the output stands inside an element that went out as it came, or the rest of
     * the cluster is more than 8 MiB (no recorder writes such clusters; a Void that long is not worth its memory).
     */
    public Optional<byte[]> closing() {
        if (failed) {
            return Optional.empty(); // the bytes passed unread: where they stand is unknown
        }
        if (continuing && !clustersBegan) {
            return Optional.of(new byte[0]); // nothing went out
        }
        boolean headHeld = clusterHeadAt >= 0;
        if (!headHeld && childAt < 0 && (skip > 0 || valueLeft > 0 || block.reading() || level == Level.GROUP
                || level == Level.INFO)) {
            return Optional.empty();
        }
        long owed = (level == Level.CLUSTER || level == Level.GROUP) && clusterEnd >= 0 && !headHeld
                ? clusterEnd - (position - carry.length() - discarded) : 0;
        if (owed == 0) {
            return Optional.of(new byte[0]);
        }
        return owed > MAX_HELD_BYTES ? Optional.empty() : EbmlVoid.filling((int) owed);
    }

    /** How many elements were longer than 8 MiB and went out as they came, not held back whole. */
    public int overlong() {
        return overlong;
    }

    /**
     * The bytes to pass on for this chunk: the chunk itself unless a timestamp changed or something is held back
     * (a cluster head until its timestamp, a cluster's child until it is complete, a partial element head).
     */
    public byte[] feed(byte[] chunk) {
        if (ended) {
            throw new IllegalStateException("The recording ended with discardHeld(): it takes no more input");
        }
        if (failed) {
            return chunk;
        }
        int from = carry.length();
        int length = from + chunk.length;
        byte[] bytes = carry.append(chunk); // may be longer than length
        headCopy.add(chunk);
        outputFrom = continuing && !clustersBegan ? Integer.MAX_VALUE : 0;
        ByteArrayOutputStream rewritten = null;
        int emitted = 0;
        int i = from;
        while (i < length && !failed) {
            if (skip > 0) {
                int n = (int) Math.min(skip, length - i);
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
                        rewritten = rewritten == null ? new ByteArrayOutputStream(length + 16) : rewritten;
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
            childDone(); // after a failure nothing is held back: no later feed would pass it on
        } else if (childAt >= 0 && length - childAt > MAX_HELD_BYTES) {
            overlong++;
            childDone(); // a size no recorder writes: pass it as it comes rather than hold what a client declares
        }
        int keepFrom = failed ? length : heldFrom(length);
        if (keepFrom < length) {
            clusterHeadAt -= clusterHeadAt >= 0 ? keepFrom : 0;
            childAt -= childAt >= 0 ? keepFrom : 0;
            clusterSizeAt -= keepFrom;
            crcAt -= crcAt >= 0 ? keepFrom : 0;
            timestampAt -= keepFrom;
            head.moved(keepFrom);
        }
        int start = Math.min(outputFrom, keepFrom);
        byte[] out;
        if (rewritten == null) {
            out = start == 0 && keepFrom == length && bytes == chunk ? chunk
                    : Arrays.copyOfRange(bytes, start, keepFrom);
        } else {
            rewritten.write(bytes, emitted, keepFrom - emitted);
            out = rewritten.toByteArray();
        }
        carry.keep(bytes, keepFrom, length); // last: it may move the bytes within the array
        return out;
    }

    /** Where in the bytes being parsed the first byte to hold back is: {@code length} when there is none. */
    private int heldFrom(int length) {
        int from = head.partial() ? head.startIndex() : length;
        from = childAt >= 0 ? Math.min(from, childAt) : from;
        return clusterHeadAt >= 0 ? Math.min(from, clusterHeadAt) : from;
    }

    /** The cluster's child went out whole, or will go out as it comes: it is held no longer, its blocks count. */
    private void childDone() {
        childAt = -1;
        lastTicks = Math.max(lastTicks, childTicks);
        childTicks = Long.MIN_VALUE;
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
        if (level == Level.CLUSTER) {
            childAt = head.startIndex(); // held until complete: a spliced recording must not land inside it
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
        if (block.valid() && clusterTimed && childAt >= 0) {
            childTicks = Math.max(childTicks, clusterTicks + block.timecode());
        } else if (block.valid() && clusterTimed) {
            lastTicks = Math.max(lastTicks, clusterTicks + block.timecode());
        }
    }

    /** Ends a cluster's child, and leaves Info, a BlockGroup or a known-size cluster, once its last byte came. */
    private void endOfParent() {
        if (skip > 0 || valueLeft > 0 || head.partial() || block.reading()) {
            return;
        }
        if (level == Level.GROUP && position >= groupEnd) {
            level = Level.CLUSTER;
        }
        if (level != Level.GROUP && childAt >= 0) {
            childDone();
        }
        if (level == Level.INFO && position >= infoEnd || level == Level.CLUSTER && clusterEnd >= 0
                && position >= clusterEnd) {
            level = Level.SEGMENT;
        }
    }
}
