package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.ClientMessage;
import java.util.function.Consumer;

/**
 * What a new connection brings to the stream it asks to resume: its outbox and idle watch (the stream's from then
 * on), who it is, and its request. The stream runs {@code adopt} once it took the connection (the registry points
 * the session at it), or {@code refused} with why.
 */
record Reattachment(SessionOutbox outbox, IdleWatch watch, String remoteAddress, String user,
        ClientMessage.Reattach request, Runnable adopt, Consumer<String> refused) {
}
