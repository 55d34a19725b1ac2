package io.liverelay.ingest.control;

import jakarta.websocket.CloseReason;

/**
 * The way from a stream to its browser, which may change: a stream whose connection was lost has none for a while
 * (what it would say then is dropped: nobody is there to hear it), and a resume gives it the new connection's
 * outbox. Read on any thread that reports; changed only on the stream's lane.
 */
final class ClientLink {

    private volatile SessionOutbox outbox;

    ClientLink(SessionOutbox outbox) {
        this.outbox = outbox;
    }

    /** The connection's outbox; null while the stream has none. */
    SessionOutbox outbox() {
        return outbox;
    }

    boolean isAttached() {
        return outbox != null;
    }

    /** Whether {@code candidate} is the connection the stream speaks through now. */
    boolean is(SessionOutbox candidate) {
        return outbox == candidate;
    }

    void attach(SessionOutbox next) {
        outbox = next;
    }

    void detach() {
        outbox = null;
    }

    void send(String text) {
        SessionOutbox current = outbox;
        if (current != null) {
            current.send(text);
        }
    }

    void sendDroppable(String text) {
        SessionOutbox current = outbox;
        if (current != null) {
            current.sendDroppable(text);
        }
    }

    void closeWhenDrained(CloseReason reason) {
        SessionOutbox current = outbox;
        if (current != null) {
            current.closeWhenDrained(reason);
        }
    }
}
