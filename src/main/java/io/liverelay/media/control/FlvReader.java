package io.liverelay.media.control;

import io.liverelay.media.entity.FlvTag;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the FLV stream ffmpeg writes to its stdout, one tag at a time. A tag larger than the bound is refused
 * (a broken stream must not make the relay allocate whatever a length field says).
 */
public final class FlvReader {

    private final DataInputStream in;
    private final int maxTagBytes;
    private boolean headerRead;
    private int flags;

    public FlvReader(InputStream in, int maxTagBytes) {
        this.in = new DataInputStream(in);
        this.maxTagBytes = maxTagBytes;
    }

    /** The header's flags (4: audio, 1: video; -1 for an empty stream); reads the header when no tag was read yet. */
    public int flags() throws IOException {
        readHeader();
        return flags;
    }

    /** The next tag, or null at the end of the stream (also when it ends inside a tag: ffmpeg was cut off). */
    public FlvTag next() throws IOException {
        if (!readHeader()) {
            return null;
        }
        int type = in.read();
        if (type < 0) {
            return null;
        }
        try {
            int size = read24();
            int timestamp = read24() | in.readUnsignedByte() << 24;
            read24(); // the stream id, always 0
            if (size > maxTagBytes) {
                throw new IOException("an FLV tag of " + size + " bytes is over the bound of " + maxTagBytes);
            }
            byte[] data = new byte[size];
            in.readFully(data);
            in.readInt(); // PreviousTagSize
            return new FlvTag(type & 0x1F, timestamp, data);
        } catch (EOFException e) {
            return null;
        }
    }

    /** False when the stream ended before its header: ffmpeg wrote nothing. */
    private boolean readHeader() throws IOException {
        if (headerRead) {
            return flags >= 0;
        }
        headerRead = true;
        byte[] signature = new byte[3];
        if (in.readNBytes(signature, 0, 3) < 3) {
            flags = -1;
            return false;
        }
        if (signature[0] != 'F' || signature[1] != 'L' || signature[2] != 'V') {
            throw new IOException("not an FLV stream");
        }
        in.readUnsignedByte(); // version
        flags = in.readUnsignedByte();
        int offset = in.readInt();
        if (offset < 9 || offset > 64) {
            throw new IOException("an FLV header of " + offset + " bytes");
        }
        in.skipNBytes(offset - 9 + 4L); // the rest of the header, then PreviousTagSize0
        return true;
    }

    private int read24() throws IOException {
        return in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    }
}
