package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleSweepTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final IdleSweep sweep = new IdleSweep();

    IdleSweepTest() {
        sweep.configure(TIMEOUT, now::get);
    }

    /** A WebSocket session as far as the sweep cares: open until closed. */
    private static final class FakeConnection implements IdleWatch.Connection {
        boolean open = true;
        int closes;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            closes++;
            open = false;
        }
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aConnectionThatKeepsTalkingIsNeverIdle() {
        FakeConnection connection = new FakeConnection();
        AtomicInteger idle = new AtomicInteger();
        IdleWatch watch = sweep.watch(connection, idle::incrementAndGet);

        for (int i = 0; i < 100; i++) {
            advance(Duration.ofSeconds(19));
            watch.touch();
            sweep.sweep();
        }

        assertEquals(0, idle.get());
        assertEquals(0, connection.closes);
    }

    @Test
    void silenceForTheTimeoutTellsTheStreamOnceThenClosesTheSocketOneSweepLater() {
        FakeConnection connection = new FakeConnection();
        AtomicInteger idle = new AtomicInteger();
        sweep.watch(connection, idle::incrementAndGet);

        advance(TIMEOUT.minusMillis(1));
        sweep.sweep();
        assertEquals(0, idle.get(), "not yet");

        advance(Duration.ofMillis(1));
        sweep.sweep();
        assertEquals(1, idle.get());
        assertEquals(0, connection.closes, "the stream closes it after telling the browser why");

        advance(IdleSweep.period(TIMEOUT).minusMillis(1));
        sweep.sweep();
        assertEquals(1, idle.get(), "told once");
        assertEquals(0, connection.closes);

        advance(Duration.ofMillis(1));
        sweep.sweep();
        assertEquals(1, connection.closes, "a socket the stream could not close is closed by the sweep");
        assertEquals(0, sweep.watchedCount());
    }

    @Test
    void aConnectionTheStreamClosedIsForgottenWithoutASecondClose() {
        FakeConnection connection = new FakeConnection();
        sweep.watch(connection, () -> connection.open = false);

        advance(TIMEOUT);
        sweep.sweep();
        advance(TIMEOUT);
        sweep.sweep();

        assertEquals(0, connection.closes);
        assertEquals(0, sweep.watchedCount());
    }

    @Test
    void aForgottenConnectionIsNotWatchedAndAFailingOneDoesNotStopTheSweep() {
        FakeConnection forgotten = new FakeConnection();
        FakeConnection other = new FakeConnection();
        AtomicInteger idle = new AtomicInteger();
        sweep.forget(sweep.watch(forgotten, idle::incrementAndGet));
        sweep.watch(new FakeConnection(), () -> {
            throw new IllegalStateException("broken");
        });
        sweep.watch(other, idle::incrementAndGet);

        advance(TIMEOUT);
        sweep.sweep();

        assertEquals(1, idle.get(), "only the watched, working connection");
        assertEquals(1, sweep.watchedCount());
    }

    @Test
    void aZeroTimeoutWatchesNothing() {
        IdleSweep never = new IdleSweep();
        never.configure(Duration.ZERO, now::get);
        AtomicInteger idle = new AtomicInteger();
        never.watch(new FakeConnection(), idle::incrementAndGet);

        advance(Duration.ofDays(1));
        never.sweep();

        assertEquals(0, idle.get());
        assertEquals(0, never.watchedCount());
    }

    @Test
    void theSweepRunsEveryTenthOfTheTimeoutBetween100MsAnd5S() {
        assertEquals(Duration.ofSeconds(2), IdleSweep.period(Duration.ofSeconds(20)));
        assertEquals(Duration.ofSeconds(5), IdleSweep.period(Duration.ofSeconds(300)));
        assertEquals(Duration.ofMillis(100), IdleSweep.period(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(100), IdleSweep.period(Duration.ofMillis(100)));
        assertEquals(Duration.ofSeconds(5), IdleSweep.period(Duration.ofDays(1)));
    }
}
