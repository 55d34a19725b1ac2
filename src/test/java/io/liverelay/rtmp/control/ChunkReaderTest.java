package io.liverelay.rtmp.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ProtocolException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Chunks as a server writes them, byte by byte: every header type, interleaved chunk streams, its chunk size. */
class ChunkReaderTest {

    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    private ChunkReaderTest fmt0(int chunkStream, int timestamp, int length, int type, int streamId) {
        wire.write(chunkStream);
        put24(timestamp);
        put24(length);
        wire.write(type);
        wire.writeBytes(new byte[] {(byte) streamId, 0, 0, 0});
        return this;
    }

    private ChunkReaderTest fmt1(int chunkStream, int delta, int length, int type) {
        wire.write(0x40 | chunkStream);
        put24(delta);
        put24(length);
        wire.write(type);
        return this;
    }

    private ChunkReaderTest fmt2(int chunkStream, int delta) {
        wire.write(0x80 | chunkStream);
        put24(delta);
        return this;
    }

    private ChunkReaderTest fmt3(int chunkStream) {
        wire.write(0xC0 | chunkStream);
        return this;
    }

    private ChunkReaderTest bytes(byte[] data, int from, int to) {
        wire.write(data, from, to - from);
        return this;
    }

    private void put24(int value) {
        wire.writeBytes(new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private ChunkReader reader() {
        return new ChunkReader(new ByteArrayInputStream(wire.toByteArray()), 64 * 1024, 4);
    }

    private static byte[] filled(int size, int value) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) value);
        return data;
    }

    @Test
    void interleavedChunkStreamsAreReassembledEachInItsOwnOrder() throws Exception {
        byte[] command = filled(200, 'c');
        byte[] data = filled(150, 'd');
        fmt0(3, 10, 200, 20, 0).bytes(command, 0, 128);
        fmt0(5, 20, 150, 18, 1).bytes(data, 0, 128);
        fmt3(3).bytes(command, 128, 200);
        fmt3(5).bytes(data, 128, 150);

        ChunkReader reader = reader();
        Message first = reader.next();
        Message second = reader.next();

        assertEquals(20, first.type());
        assertEquals(10, first.timestamp());
        assertArrayEquals(command, first.payload());
        assertEquals(18, second.type());
        assertEquals(1, second.streamId());
        assertArrayEquals(data, second.payload());
    }

    @Test
    void type1And2HeadersAddTheirDeltaAndType3RepeatsIt() throws Exception {
        fmt0(4, 1000, 2, 8, 1).bytes(new byte[2], 0, 2);
        fmt1(4, 20, 3, 9).bytes(new byte[3], 0, 3);
        fmt2(4, 21).bytes(new byte[3], 0, 3);
        fmt3(4).bytes(new byte[3], 0, 3);

        ChunkReader reader = reader();
        assertEquals(1000, reader.next().timestamp());
        Message typed = reader.next();
        assertEquals(1020, typed.timestamp());
        assertEquals(9, typed.type());
        assertEquals(1, typed.streamId(), "kept from the type 0 header");
        assertEquals(1041, reader.next().timestamp());
        assertEquals(1062, reader.next().timestamp());
    }

    @Test
    void theServersChunkSizeIsHonouredAndSetChunkSizeIsNotReturned() throws Exception {
        fmt0(2, 0, 4, Message.SET_CHUNK_SIZE, 0).bytes(Message.int32Payload(500), 0, 4);
        byte[] big = filled(700, 'b');
        fmt0(3, 0, 700, 20, 0).bytes(big, 0, 500);
        fmt3(3).bytes(big, 500, 700);

        ChunkReader reader = reader();
        assertArrayEquals(big, reader.next().payload());
        assertEquals(500, reader.chunkSize());
    }

    @Test
    void abortDropsTheHalfMessageOfItsChunkStream() throws Exception {
        fmt0(3, 0, 200, 20, 0).bytes(filled(128, 'x'), 0, 128);
        fmt0(2, 0, 4, Message.ABORT, 0).bytes(Message.int32Payload(3), 0, 4);
        fmt0(3, 0, 1, 20, 0).bytes(new byte[] {'y'}, 0, 1);

        assertArrayEquals(new byte[] {'y'}, reader().next().payload());
    }

    @Test
    void anExtendedTimestampIsReadOnType3ContinuationsToo() throws Exception {
        wire.write(3);
        wire.writeBytes(new byte[] {-1, -1, -1, 0, 0, (byte) 200, 20, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78});
        bytes(filled(128, 'e'), 0, 128);
        fmt3(3);
        wire.writeBytes(new byte[] {0x12, 0x34, 0x56, 0x78});
        bytes(filled(72, 'e'), 0, 72);

        Message message = reader().next();
        assertEquals(0x12345678, message.timestamp());
        assertArrayEquals(filled(200, 'e'), message.payload());
    }

    @Test
    void aMessageOverTheBoundIsRefusedBeforeAnythingIsAllocated() {
        fmt0(3, 0, 0xFFFFFF, 20, 0);
        assertThrows(ProtocolException.class, () -> reader().next());
    }

    @Test
    void chunkStreamsAreBoundedAndMustStartWithAFullHeader() throws Exception {
        for (int id = 3; id < 8; id++) {
            fmt0(id, 0, 1, 20, 0).bytes(new byte[1], 0, 1);
        }
        ChunkReader reader = reader();
        for (int i = 0; i < 4; i++) {
            reader.next();
        }
        assertThrows(ProtocolException.class, reader::next, "a fifth chunk stream");

        wire.reset();
        fmt3(9);
        assertThrows(ProtocolException.class, () -> reader().next());
    }

    @Test
    void theEndOfTheStreamIsAnEofAndTwoAndThreeByteChunkStreamIdsAreRead() throws Exception {
        wire.writeBytes(new byte[] {0, 10}); // fmt 0, chunk stream 74
        wire.writeBytes(new byte[] {0, 0, 0, 0, 0, 1, 20, 0, 0, 0, 0, 'a'});
        wire.writeBytes(new byte[] {1, 0, 1}); // fmt 0, chunk stream 64 + 256
        wire.writeBytes(new byte[] {0, 0, 0, 0, 0, 1, 20, 0, 0, 0, 0, 'b'});

        ChunkReader reader = reader();
        assertArrayEquals(new byte[] {'a'}, reader.next().payload());
        assertArrayEquals(new byte[] {'b'}, reader.next().payload());
        assertThrows(EOFException.class, reader::next);
    }
}
