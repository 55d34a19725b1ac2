package io.liverelay.ingest.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The only way the relay sends to a WebSocket session: one asynchronous send at a time, in order, so threads
 * never send concurrently (undefined in the spec) and no supervisor thread waits on a slow browser.
 * Progress and log messages are dropped, and counted, when the browser falls behind; control messages never.
 */
public final class SessionOutbox {

    static final int MAX_DROPPABLE_QUEUED = 64;

    private final Session session;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private CloseReason closeWhenDrained;
    private long dropped;

    public SessionOutbox(Session session) {
        this.session = session;
    }

    /** Control messages (started, error, destroyed): always queued. */
    public synchronized void send(String text) {
        enqueue(text);
    }

    /** Progress and log messages: skipped when the browser is too far behind. */
    public synchronized void sendDroppable(String text) {
        if (queue.size() >= MAX_DROPPABLE_QUEUED) {
            dropped++;
            return;
        }
        enqueue(text);
    }

    /** Closes the session once everything queued so far has been sent. */
    public synchronized void closeWhenDrained(CloseReason reason) {
        if (closeWhenDrained != null) {
            return; // the first reason given is the one the browser hears
        }
        closeWhenDrained = reason;
        if (!sending) {
            closeNow();
        }
    }

    public synchronized long dropped() {
        return dropped;
    }

    private void enqueue(String text) {
        if (closeWhenDrained != null || !session.isOpen()) {
            return;
        }
        queue.addLast(text);
        if (!sending) {
            sendNext();
        }
    }

    private void sendNext() {
        String next = queue.pollFirst();
        if (next == null) {
            sending = false;
            if (closeWhenDrained != null) {
                closeNow();
            }
            return;
        }
        sending = true;
        try {
            session.getAsyncRemote().sendText(next, result -> sent());
        } catch (RuntimeException e) {
            queue.clear(); // the session is gone: nothing more can be delivered
            sending = false;
        }
    }

    private synchronized void sent() {
        sendNext();
    }

    private void closeNow() {
        if (session.isOpen()) {
            try {
                session.close(closeWhenDrained);
            } catch (IOException | RuntimeException e) {
                // already closing: the container finishes it
            }
        }
    }
}
