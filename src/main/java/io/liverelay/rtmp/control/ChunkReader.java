package io.liverelay.rtmp.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles the server's messages from chunks of all four header types, on interleaved chunk streams. It applies
 * the server's Set Chunk Size and Abort itself (they are about chunking) and returns every other message. A server
 * cannot make it hold more than {@code maxMessageBytes} per message, nor more than {@code maxStreams} chunk streams
 * (so at most their product in half-received messages).
 * Counts the bytes it read, for acknowledgements. Not thread-safe: one task reads.
 */
final class ChunkReader {

    /** What a chunk stream remembers from header to header, and the message being reassembled on it. */
    private static final class ChunkStream {
        int timestamp;
        int delta;
        int length;
        int type;
        int streamId;
        boolean extended;
        byte[] message;
        int filled;
    }

    private final InputStream in;
    private final int maxMessageBytes;
    private final int maxStreams;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = ChunkWriter.DEFAULT_CHUNK_SIZE;
    private long bytesRead;

    ChunkReader(InputStream in, int maxMessageBytes, int maxStreams) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
        this.maxStreams = maxStreams;
    }

    /** The next whole message other than Set Chunk Size and Abort; EOFException when the server hung up. */
    Message next() throws IOException {
        while (true) {
            Message message = chunk();
            if (message == null) {
                continue;
            }
            if (message.type() == Message.SET_CHUNK_SIZE && message.payload().length >= 4) {
                int size = message.int32(0) & 0x7FFFFFFF;
                if (size < 1) {
                    throw new ProtocolException("the server set a chunk size of 0");
                }
                chunkSize = size;
            } else if (message.type() == Message.ABORT && message.payload().length >= 4) {
                ChunkStream aborted = streams.get(message.int32(0));
                if (aborted != null) {
                    aborted.message = null;
                }
            } else {
                return message;
            }
        }
    }

    long bytesRead() {
        return bytesRead;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Reads one chunk; returns the message it completed, if it did. */
    private Message chunk() throws IOException {
        int first = u8();
        int fmt = first >>> 6;
        int id = first & 0x3F;
        if (id == 0) {
            id = 64 + u8();
        } else if (id == 1) {
            id = 64 + u8() + u8() * 256;
        }
        ChunkStream stream = stream(id, fmt);
        if (fmt <= 2) {
            int time = u24();
            if (fmt <= 1) {
                stream.length = u24();
                stream.type = u8();
                if (fmt == 0) {
                    stream.streamId = u8() | u8() << 8 | u8() << 16 | u8() << 24;
                }
            }
            stream.extended = time == ChunkWriter.EXTENDED;
            if (stream.extended) {
                time = u32();
            }
            if (fmt == 0) {
                stream.timestamp = time;
                stream.delta = 0;
            } else {
                stream.delta = time;
                stream.timestamp += time;
            }
            stream.message = null; // a new header starts a new message; a half one before it is dropped
        } else {
            if (stream.extended) {
                u32(); // repeated on every type 3 chunk; the value is the one the header gave
            }
            if (stream.message == null) {
                stream.timestamp += stream.delta; // a new message with the previous one's header
            }
        }
        if (stream.message == null) {
            if (stream.length > maxMessageBytes) {
                throw new ProtocolException("the server sent a message of " + stream.length
                        + " bytes, over the bound of " + maxMessageBytes);
            }
            stream.message = new byte[stream.length];
            stream.filled = 0;
        }
        int part = Math.min(chunkSize, stream.length - stream.filled);
        readFully(stream.message, stream.filled, part);
        stream.filled += part;
        if (stream.filled < stream.length) {
            return null;
        }
        byte[] payload = stream.message;
        stream.message = null;
        return new Message(stream.type, stream.streamId, stream.timestamp, payload);
    }

    private ChunkStream stream(int id, int fmt) throws ProtocolException {
        ChunkStream stream = streams.get(id);
        if (stream == null) {
            if (fmt != 0) {
                throw new ProtocolException("chunk stream " + id + " began without a full header");
            }
            if (streams.size() >= maxStreams) {
                throw new ProtocolException("the server opened more than " + maxStreams + " chunk streams");
            }
            stream = new ChunkStream();
            streams.put(id, stream);
        }
        return stream;
    }

    private void readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = in.read(into, offset + done, length - done);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
            done += read;
            bytesRead += read;
        }
    }

    private int u8() throws IOException {
        int value = in.read();
        if (value < 0) {
            throw new EOFException("the server closed the connection");
        }
        bytesRead++;
        return value;
    }

    private int u24() throws IOException {
        return u8() << 16 | u8() << 8 | u8();
    }

    private int u32() throws IOException {
        return u8() << 24 | u24();
    }
}
