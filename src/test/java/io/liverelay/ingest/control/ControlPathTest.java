package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamFailed;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The control path under the races a review found: a close after drain that meets ffmpeg's progress, observers
 * that read the registry while streams fail together. A watchdog dumps every thread when a stream does not end, or
 * when the test itself is stuck (reading the registry blocked on a deadlocked stream before these were mended).
 */
class ControlPathTest {

    private static final Duration WATCHDOG = Duration.ofSeconds(10);

    @Test
    void aCloseAfterDrainWhileProgressFlowsNeverHangsTheStream() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), this::closeAfterDrainWhileProgressFlows,
                ControlPathTest::threadDump);
    }

    private void closeAfterDrainWhileProgressFlows() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxBinaryMessageBytes", "65536"))) {
            relay.progressEvery(Duration.ofMillis(1)); // progress as often as it gets
            for (int round = 0; round < 150; round++) {
                List<FakeSession> sessions = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    FakeSession session = relay.connect();
                    relay.text(session, RelayUnderTest.start());
                    sessions.add(session);
                }
                for (FakeSession session : sessions) {
                    awaitOrDump(() -> session.count("\"started\"") == 1, "started");
                }
                for (FakeSession session : sessions) {
                    relay.binary(session, new byte[65_537]); // too big: error, close after drain, stop
                }
                for (FakeSession session : sessions) {
                    awaitOrDump(() -> !session.isOpen() && relay.registry.streams().isEmpty(),
                            "round " + round + ": the stream ended and its socket closed");
                }
            }
            assertEquals(0, relay.slots().taken());
        }
    }

    @Test
    void observersThatReadConnectionsWhileTwentyStreamsFailBlockNothing() {
        assertTimeoutPreemptively(Duration.ofMinutes(1), this::observersReadConnectionsWhileStreamsFail,
                ControlPathTest::threadDump);
    }

    private void observersReadConnectionsWhileStreamsFail() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            AtomicLong slowest = new AtomicLong();
            relay.observe(event -> {
                if (event instanceof StreamFailed || event instanceof StreamEnded) {
                    long begin = System.nanoTime();
                    List<ConnectionStatus> all = relay.connections.getConnections();
                    all.forEach(status -> relay.connections.getConnection(status.uuid()));
                    slowest.accumulateAndGet(System.nanoTime() - begin, Math::max);
                }
            });
            List<FakeSession> sessions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                FakeSession session = relay.connect();
                relay.text(session, RelayUnderTest.start());
                sessions.add(session);
            }
            for (FakeSession session : sessions) {
                awaitOrDump(() -> session.count("\"started\"") == 1, "started");
            }
            relay.processes.parallelStream().forEach(FakeFfmpeg::crash); // all at once
            awaitOrDump(() -> relay.registry.streams().isEmpty(), "every stream ended");
            for (FakeSession session : sessions) {
                awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed sent");
            }
            // events leave on each stream's own notice lane, after the stream's last reply
            awaitOrDump(() -> relay.fired.stream().filter(StreamEnded.class::isInstance).count() >= 20,
                    "every StreamEnded fired");
            long ended = relay.fired.stream().filter(StreamEnded.class::isInstance).count();
            assertEquals(20, ended);
            assertTrue(slowest.get() < Duration.ofSeconds(1).toNanos(),
                    "an observer waited " + Duration.ofNanos(slowest.get()).toMillis() + " ms");
            assertFalse(relay.fired.stream().filter(StreamEnded.class::isInstance)
                    .anyMatch(e -> ((StreamEnded) e).requested()), "a crash is not an end that was asked for");
        }
    }

    static void awaitOrDump(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WATCHDOG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + WATCHDOG.toSeconds() + " s: " + what + "\n" + threadDump());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static String threadDump() {
        var threads = ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        String header = deadlocked == null ? "no deadlock found by the JVM"
                : "DEADLOCK between threads " + Arrays.toString(deadlocked);
        return header + "\n" + Arrays.stream(threads.dumpAllThreads(true, true))
                .filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("io.liverelay")))
                .map(ControlPathTest::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(ThreadInfo info) {
        StringBuilder text = new StringBuilder("\"" + info.getThreadName() + "\" " + info.getThreadState());
        if (info.getLockName() != null) {
            text.append(" waiting for ").append(info.getLockName()).append(" held by ").append(info.getLockOwnerName());
        }
        for (StackTraceElement frame : info.getStackTrace()) {
            text.append("\n    at ").append(frame);
        }
        return text.toString();
    }
}
