package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.config.control.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    static StreamSlots slots(String max) {
        RelayConfig config = new RelayConfig();
        config.read(new Settings(Map.of("relay.maxFfmpegInstances", max)::get, name -> null));
        StreamSlots slots = new StreamSlots();
        slots.config = config;
        return slots;
    }

    @Test
    void aStartBeyondTheLimitIsRefusedAndAFreedSlotIsUsableAtOnce() {
        StreamSlots slots = slots("2");
        assertTrue(slots.tryAcquire());
        assertTrue(slots.tryAcquire());
        assertFalse(slots.tryAcquire());
        assertEquals(2, slots.taken());
        slots.release();
        assertTrue(slots.tryAcquire());
        assertFalse(slots.tryAcquire());
    }

    @Test
    void zeroMeansNoLimit() {
        StreamSlots slots = slots("0");
        for (int i = 0; i < 1000; i++) {
            assertTrue(slots.tryAcquire());
        }
        assertEquals(1000, slots.taken());
    }

    @Test
    void concurrentStartsNeverExceedTheLimit() throws Exception {
        StreamSlots slots = slots("5");
        java.util.concurrent.atomic.AtomicInteger granted = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[20];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                if (slots.tryAcquire()) {
                    granted.incrementAndGet();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(5, granted.get());
    }
}
