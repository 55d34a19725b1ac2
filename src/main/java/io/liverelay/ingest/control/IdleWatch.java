package io.liverelay.ingest.control;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One connection's silence, as {@link IdleSweep} sees it. Every message stamps it; once silent for the idle
 * timeout the stream is told (it reports {@code IDLE_TIMEOUT}, closes its socket after that, stops ffmpeg); a
 * socket still open one sweep later (a peer that vanished without a close, a send that never completes) is closed.
 * A live stream also says what it expects ({@link Expectation}): media every few seconds while it runs, a
 * {@code resume} before the longest pause is over. Pings keep a connection open, but they do not stand in for
 * media: a browser that vanished without a close, or a page that started and sends nothing, is noticed within
 * seconds and its slot is given back.
 */
public final class IdleWatch {

    /** What the sweep needs of a WebSocket session. */
    public interface Connection {
        boolean isOpen();

        void close();
    }

    /** What a stream waits for, from {@code sinceNanos} on: {@code media} arriving, or the end of a pause. */
    record Expectation(Silence kind, long budgetNanos, long sinceNanos) {
    }

    /** The two ways a started stream can fall silent. */
    enum Silence {
        /** Running, and no media for the budget (a pause does not count). */
        MEDIA,
        /** Paused for longer than the budget. */
        PAUSE,
        /** Its connection lost, and no browser resumed it within the budget. */
        DETACHED
    }

    private final Connection connection;
    private final Runnable onIdle;
    private final LongSupplier clock;
    private volatile long lastNanos;
    private volatile long lastMediaNanos;
    private volatile Expectation expectation;
    private volatile Consumer<Expectation> onSilent = e -> { };
    private long idleSince = -1; // only the sweep's thread touches it
    private Expectation reported; // only the sweep's thread touches it

    IdleWatch(Connection connection, Runnable onIdle, LongSupplier clock) {
        this.connection = connection;
        this.onIdle = onIdle;
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
        this.lastMediaNanos = lastNanos;
    }

    /** A message arrived. */
    public void touch() {
        lastNanos = clock.getAsLong();
    }

    /** Media arrived. */
    public void touchMedia() {
        long now = clock.getAsLong();
        lastNanos = now;
        lastMediaNanos = now;
    }

    /** Whether nothing at all (no message of any kind) arrived for {@code nanos} until now. */
    boolean silentFor(long nanos) {
        return clock.getAsLong() - lastNanos >= nanos;
    }

    /** From now on the stream expects {@code kind} within {@code budgetNanos}; a budget of 0 expects nothing. */
    void expect(Silence kind, long budgetNanos) {
        expectation = budgetNanos > 0 ? new Expectation(kind, budgetNanos, clock.getAsLong()) : null;
    }

    /** The stream expects nothing more (it is ending). */
    void expectNothing() {
        expectation = null;
    }

    /** Who hears that an expectation was not met; it is told once per expectation. */
    void onSilent(Consumer<Expectation> listener) {
        onSilent = listener;
    }

    /** False once there is nothing left to watch. */
    boolean check(long now, long timeoutNanos, long periodNanos) {
        if (!connection.isOpen()) {
            return false;
        }
        checkExpectation(now);
        if (timeoutNanos <= 0 || onIdle == null) {
            return true;
        }
        if (idleSince < 0) {
            if (now - lastNanos >= timeoutNanos) {
                idleSince = now;
                onIdle.run();
            }
            return true;
        }
        if (now - idleSince >= periodNanos) {
            connection.close();
            return false;
        }
        return true;
    }

    private void checkExpectation(long now) {
        Expectation current = expectation;
        if (current == null || current == reported) {
            return;
        }
        long since = current.sinceNanos();
        long media = lastMediaNanos;
        if (current.kind() == Silence.MEDIA && media - since > 0) {
            since = media; // nanoTime may be negative: compare differences, never values
        }
        if (now - since >= current.budgetNanos()) {
            reported = current;
            onSilent.accept(current);
        }
    }
}
