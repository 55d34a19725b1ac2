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
}
