package io.liverelay.rtmp.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {

    private static byte[] payload(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void aMessageLargerThanTheChunkSizeIsAFullHeaderThenType3Continuations() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new ChunkWriter(out);
        writer.chunkSize(4096);
        byte[] data = payload(10_000);

        long written = writer.write(6, 9, 1, 0x123456, data, 0, data.length);

        byte[] wire = out.toByteArray();
        assertEquals(12 + 10_000 + 2, wire.length);
        assertEquals(wire.length, written);
        assertArrayEquals(new byte[] {6, 0x12, 0x34, 0x56, 0, 0x27, 0x10, 9, 1, 0, 0, 0}, Arrays.copyOf(wire, 12));
        assertArrayEquals(Arrays.copyOf(data, 4096), Arrays.copyOfRange(wire, 12, 12 + 4096));
        assertEquals((byte) 0xC6, wire[12 + 4096]);
        assertArrayEquals(Arrays.copyOfRange(data, 4096, 8192), Arrays.copyOfRange(wire, 13 + 4096, 13 + 8192));
        assertEquals((byte) 0xC6, wire[13 + 8192]);
        assertArrayEquals(Arrays.copyOfRange(data, 8192, 10_000), Arrays.copyOfRange(wire, 14 + 8192, wire.length));
    }

    @Test
    void anExtendedTimestampIsInTheHeaderAndRepeatedOnEveryContinuation() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new ChunkWriter(out);
        byte[] data = payload(300); // three chunks at the default 128
        int timestamp = 0xFFFFFF + 5;

        writer.write(4, 8, 1, timestamp, data, 0, data.length);

        byte[] wire = out.toByteArray();
        byte[] extended = {0x01, 0x00, 0x00, 0x04};
        assertArrayEquals(new byte[] {-1, -1, -1}, Arrays.copyOfRange(wire, 1, 4), "the field says: extended");
        assertArrayEquals(extended, Arrays.copyOfRange(wire, 12, 16));
        int second = 16 + 128;
        assertEquals((byte) 0xC4, wire[second]);
        assertArrayEquals(extended, Arrays.copyOfRange(wire, second + 1, second + 5));
        int third = second + 5 + 128;
        assertEquals((byte) 0xC4, wire[third]);
        assertArrayEquals(extended, Arrays.copyOfRange(wire, third + 1, third + 5));
        assertEquals(third + 5 + 44, wire.length);
    }

    @Test
    void exactlyFFFFFFIsAlreadyExtendedAndTimestampsPast31BitsStayUnsigned() throws Exception {
        for (int timestamp : new int[] {0xFFFFFF, 0x80000001}) {
            var out = new ByteArrayOutputStream();
            new ChunkWriter(out).write(4, 8, 1, timestamp, new byte[1], 0, 1);
            byte[] wire = out.toByteArray();
            assertEquals(12 + 4 + 1, wire.length);
            var reader = new ChunkReader(new ByteArrayInputStream(wire), 1 << 16, 4);
            assertEquals(timestamp, reader.next().timestamp());
        }
    }

    @Test
    void whatTheWriterSplitsTheReaderJoinsAtTheChunkSizeItWasTold() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new ChunkWriter(out);
        writer.write(2, Message.SET_CHUNK_SIZE, 0, 0, Message.int32Payload(4096), 0, 4);
        writer.chunkSize(4096);
        byte[] video = payload(50_000);
        byte[] audio = payload(500);
        writer.write(6, 9, 1, 0x1000000, video, 0, video.length);
        writer.write(4, 8, 1, 0x1000015, audio, 0, audio.length);

        var reader = new ChunkReader(new ByteArrayInputStream(out.toByteArray()), 1 << 16, 4);
        Message first = reader.next();
        Message second = reader.next();

        assertEquals(4096, reader.chunkSize());
        assertEquals(9, first.type());
        assertEquals(1, first.streamId());
        assertEquals(0x1000000, first.timestamp());
        assertArrayEquals(video, first.payload());
        assertEquals(0x1000015, second.timestamp());
        assertArrayEquals(audio, second.payload());
        assertEquals(out.size(), reader.bytesRead());
    }
}
