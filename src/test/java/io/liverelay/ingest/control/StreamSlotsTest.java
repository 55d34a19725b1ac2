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
        return slots(Map.of("relay.maxFfmpegInstances", max));
    }

    static StreamSlots slots(Map<String, String> settings) {
        RelayConfig config = new RelayConfig();
        config.read(new Settings(settings::get, name -> null));
        StreamSlots slots = new StreamSlots();
        slots.config = config;
        slots.cluster = io.liverelay.cluster.control.Cluster.of(io.liverelay.cluster.control.ClusterSettings.read(
                new Settings(settings::get, name -> null)));
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
    void transcodesHaveTheirOwnLimitBesideTheStreamLimit() {
        StreamSlots slots = slots(Map.of("relay.maxFfmpegInstances", "10", "relay.maxTranscodes", "1"));
        assertTrue(slots.tryAcquireTranscode());
        assertFalse(slots.tryAcquireTranscode());
        assertTrue(slots.tryAcquire(), "copies are not held back by the transcodes' limit");
        slots.releaseTranscode();
        assertTrue(slots.tryAcquireTranscode());
        assertEquals(1, slots.transcodes());
    }

    @Test
    void theTranscodeLimitDefaultsToTwoPerProcessor() {
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), slots(Map.of()).maxTranscodes());
        StreamSlots unlimited = slots(Map.of("relay.maxTranscodes", "0"));
        for (int i = 0; i < 100; i++) {
            assertTrue(unlimited.tryAcquireTranscode());
        }
    }

    @Test
    void aStreamGivesBackWhatItTookOnceAndOnlyThat() throws Exception {
        StreamSlots slots = slots(Map.of("relay.maxFfmpegInstances", "1", "relay.maxTranscodes", "1"));
        StreamLimits limits = new StreamLimits(slots);
        limits.takeStream();
        limits.takeTranscode();
        StreamLimits refused = new StreamLimits(slots);
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.liverelay.error.entity.RelayException.class,
                refused::takeStream);
        assertEquals(io.liverelay.error.entity.RelayError.TOO_MANY_STREAMS, error.error());
        refused.releaseAll(); // held nothing: gives nothing back
        assertEquals(1, slots.taken());
        limits.releaseAll();
        limits.releaseAll();
        assertEquals(0, slots.taken());
        assertEquals(0, slots.transcodes());
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
