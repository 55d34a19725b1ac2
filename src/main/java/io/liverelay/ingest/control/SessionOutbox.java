package io.liverelay.ingest.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * The only way the relay sends to a WebSocket session: one asynchronous send at a time, in order, so threads
 * never send concurrently (undefined in the spec) and no thread waits on a slow browser. Its lock only guards the
 * queue: sends and the close happen after it is released, because a container may run the endpoint's
 * {@code @OnClose} (and whatever that calls) inside {@code session.close()}, or a send's completion inside the send.
 * Bounded: progress and log messages are skipped, and counted, past {@value #MAX_DROPPABLE_QUEUED} waiting;
 * a browser that lets {@value #MAX_QUEUED} messages pile up does not read its socket and is disconnected.
 */
public final class SessionOutbox {

    static final int MAX_DROPPABLE_QUEUED = 64;
    static final int MAX_QUEUED = 256;
    private static final Logger LOG = System.getLogger(SessionOutbox.class.getName());
    private static final CloseReason NOT_READING = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
            "the client does not read its messages");

    private final Session session;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private CloseReason closeWhenDrained;
    private boolean closed;
    private long dropped;

    public SessionOutbox(Session session) {
        this.session = session;
    }

    /** Control messages (started, error, destroyed): always queued, unless the browser stopped reading. */
    public void send(String text) {
        enqueue(text, false);
    }

    /** Progress and log messages: skipped when the browser is too far behind. */
    public void sendDroppable(String text) {
        enqueue(text, true);
    }

    /** Closes the session once everything queued so far has been sent; the first reason given is the one heard. */
    public void closeWhenDrained(CloseReason reason) {
        synchronized (this) {
            if (closeWhenDrained != null || closed) {
                return;
            }
            closeWhenDrained = reason;
            if (sending) {
                return; // the last send's completion closes
            }
            closed = true;
        }
        close(reason);
    }

    public synchronized long dropped() {
        return dropped;
    }

    private void enqueue(String text, boolean droppable) {
        if (!session.isOpen()) {
            return; // closing (the browser's close frame, say): the container answers it, nothing may go after it
        }
        String first;
        synchronized (this) {
            if (closeWhenDrained != null || closed) {
                return;
            }
            if (droppable && queue.size() >= MAX_DROPPABLE_QUEUED) {
                dropped++;
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                queue.clear();
                closed = true;
                first = null;
            } else {
                queue.addLast(text);
                if (sending) {
                    return;
                }
                sending = true;
                first = queue.pollFirst();
            }
        }
        if (first == null) {
            LOG.log(Level.INFO, "WebSocket {0}: {1} messages waited for a client that does not read: disconnected",
                    session.getId(), MAX_QUEUED);
            close(NOT_READING);
        } else {
            transmit(first);
        }
    }

    private void transmit(String text) {
        try {
            session.getAsyncRemote().sendText(text, result -> next());
        } catch (RuntimeException e) {
            synchronized (this) {
                queue.clear(); // the session is gone: nothing more can be delivered
                sending = false;
                closed = true;
            }
        }
    }

    /** The last send completed: the next one, or the close asked for once everything was sent. */
    private void next() {
        String following;
        CloseReason close = null;
        synchronized (this) {
            following = queue.pollFirst();
            if (following == null) {
                sending = false;
                if (closeWhenDrained != null && !closed) {
                    closed = true;
                    close = closeWhenDrained;
                }
            }
        }
        if (following != null) {
            transmit(following);
        } else if (close != null) {
            close(close);
        }
    }

    private void close(CloseReason reason) {
        if (session.isOpen()) {
            try {
                session.close(reason);
            } catch (IOException | RuntimeException e) {
                // already closing: the container finishes it
            }
        }
    }
}
