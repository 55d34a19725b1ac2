package io.liverelay.media.control;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a Matroska/WebM stream chunk by chunk without copying it: keeps the header (everything before the
 * first Cluster, which a new ffmpeg needs to decode what follows) and reports where clusters begin. It reads
 * only element ids and sizes and skips payloads, so it costs little per byte. Anything it does not
 * understand makes it give up ({@link #failed()}): the stream goes on, it just cannot be resumed.
 */
public final class MatroskaScanner {

    static final int EBML = 0x1A45DFA3;
    static final int SEGMENT = 0x18538067;
    static final int CLUSTER = 0x1F43B675;
    static final Set<Integer> SEGMENT_CHILDREN = Set.of(CLUSTER, 0x1C53BB6B, 0x1254C367, 0x1043A770,
            0x1941A469, 0x114D9B74, 0x1549A966, 0x1654AE6B);
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int[] NONE = new int[0];

    private enum Level { TOP, SEGMENT, CLUSTER }

    private final EbmlHead head = new EbmlHead();
    private Level level = Level.TOP;
    private long skip;
    private int id;
    private long size;
    private boolean sizeUnknown;
    private long elementStart;
    private long base;
    private boolean failed;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private byte[] headerBytes;

    /** Feeds the next chunk; returns the offsets in it where a Cluster element begins. */
    public int[] feed(byte[] chunk) {
        if (failed) {
            return NONE;
        }
        int[] starts = NONE;
        int count = 0;
        int i = 0;
        while (i < chunk.length && !failed) {
            if (skip > 0) {
                int n = (int) Math.min(skip, chunk.length - i);
                i += n;
                skip -= n;
                continue;
            }
            if (head.add(chunk[i] & 0xFF, base + i, i)) {
                if (!head.valid()) {
                    failed = true;
                    break;
                }
                id = head.id();
                size = head.size();
                sizeUnknown = head.sizeUnknown();
                elementStart = head.startPosition();
                if (element()) {
                    captureHeader(chunk);
                    if (elementStart >= base) { // a cluster whose head began in an earlier chunk is skipped
                        if (count == starts.length) {
                            starts = Arrays.copyOf(starts, Math.max(4, count * 2));
                        }
                        starts[count++] = (int) (elementStart - base);
                    }
                }
            }
            i++;
        }
        if (headerBytes == null && !failed) {
            appendHeader(chunk, chunk.length);
        }
        base += chunk.length;
        return count == starts.length ? starts : Arrays.copyOf(starts, count);
    }

    /** The bytes before the first cluster, once it was seen. */
    public Optional<byte[]> header() {
        return Optional.ofNullable(headerBytes);
    }

    public boolean failed() {
        return failed;
    }

    /** Handles a complete element head; true when it starts a cluster. */
    private boolean element() {
        switch (level) {
            case TOP -> {
                if (id == SEGMENT) {
                    level = Level.SEGMENT; // its children follow, whatever its size says
                } else if (id == EBML && !sizeUnknown) {
                    skip = size;
                } else {
                    failed = true;
                }
                return false;
            }
            default -> {
                if (id == CLUSTER) {
                    if (sizeUnknown) {
                        level = Level.CLUSTER;
                    } else {
                        level = Level.SEGMENT;
                        skip = size;
                    }
                    return true;
                }
                if (SEGMENT_CHILDREN.contains(id)) {
                    level = Level.SEGMENT;
                }
                if (sizeUnknown) {
                    failed = true;
                } else {
                    skip = size;
                }
                return false;
            }
        }
    }

    /** The header is every byte before the first cluster's id, which may have begun in an earlier chunk. */
    private void captureHeader(byte[] chunk) {
        if (headerBytes != null || failed) {
            return;
        }
        long inThisChunk = elementStart - base;
        if (inThisChunk >= 0) {
            appendHeader(chunk, (int) inThisChunk);
            headerBytes = header.toByteArray();
        } else {
            headerBytes = Arrays.copyOf(header.toByteArray(), (int) elementStart);
        }
    }

    private void appendHeader(byte[] chunk, int end) {
        if (header.size() + end > MAX_HEADER_BYTES) {
            failed = true;
            return;
        }
        header.write(chunk, 0, end);
    }
}
