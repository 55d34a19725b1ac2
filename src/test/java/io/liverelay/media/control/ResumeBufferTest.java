package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResumeBufferTest {

    private static final int[] NONE = {};

    @Test
    void dropsAndCountsWhatComesBeforeTheFirstClusterStart() {
        ResumeBuffer buffer = new ResumeBuffer(1000);
        buffer.add(new byte[100], NONE);
        buffer.add(new byte[] {1, 2, 3, 4, 5}, new int[] {3});
        buffer.add(new byte[] {6, 7}, NONE);
        assertEquals(103, buffer.droppedBytes());
        assertEquals(2, buffer.chunks().size());
        assertArrayEquals(new byte[] {4, 5}, buffer.chunks().get(0));
        assertArrayEquals(new byte[] {6, 7}, buffer.chunks().get(1));
        assertEquals(4, buffer.bytes());
    }

    @Test
    void pastTheBoundItStartsOverAtTheLatestClusterAndCountsTheRest() {
        ResumeBuffer buffer = new ResumeBuffer(50);
        buffer.add(new byte[40], new int[] {0});
        buffer.add(new byte[30], new int[] {10, 20});
        assertEquals(10, buffer.bytes(), "kept from the last cluster start of the chunk that overflowed");
        assertEquals(60, buffer.droppedBytes());
        buffer.add(new byte[45], NONE);
        assertTrue(buffer.chunks().isEmpty(), "overflow without a new cluster: wait for the next one");
        assertEquals(115, buffer.droppedBytes());
    }
}
