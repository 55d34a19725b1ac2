package io.liverelay.ingest.entity;

import jakarta.json.JsonObject;

/** A control message from the browser, read from a text frame. */
public sealed interface ClientMessage {

    /** {@code {"type":"start","config":{...}}}: the config is validated separately. */
    record Start(JsonObject config) implements ClientMessage {
    }

    /** {@code {"type":"stop"}} */
    record Stop() implements ClientMessage {
    }

    /** {@code {"type":"ping"}}: keeps a paused stream's connection from the idle timeout; not answered. */
    record Ping() implements ClientMessage {
    }

    /** {@code {"type":"pause"}}: the recorder paused; the relay starts counting the time the ingest must see. */
    record Pause() implements ClientMessage {
    }

    /** {@code {"type":"resume"}}: the recorder goes on; the media after it carries the paused time too. */
    record Resume() implements ClientMessage {
    }

    /**
     * {@code {"type":"resume","id":...,"token":...}} on a new connection: carry on the stream {@code id}, whose
     * connection was lost, with the token its last {@code started} or {@code resumed} gave. {@code mimeType}, when
     * the client says it, is that of its new recorder. A {@code resume} without a token is {@link Resume}.
     */
    record Reattach(String id, String token, String mimeType) implements ClientMessage {

        @Override
        public String toString() {
            return "Reattach[id=" + id + ", token=(hidden), mimeType=" + mimeType + "]";
        }
    }
}
