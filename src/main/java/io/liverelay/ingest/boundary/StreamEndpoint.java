package io.liverelay.ingest.boundary;

import io.liverelay.ingest.control.StreamRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** {@code /stream}: JSON control messages as text, the recorder's media as binary (docs/protocol.md). */
@ServerEndpoint(value = "/stream", configurator = OriginCheck.class)
public class StreamEndpoint {

    private static final Logger LOG = System.getLogger(StreamEndpoint.class.getName());

    @Inject
    StreamRegistry streams;

    @OnOpen
    public void open(Session session) {
        Object forwardedFor = session.getUserProperties().get(OriginCheck.FORWARDED_FOR);
        streams.opened(session, RemoteAddress.of(session), forwardedFor == null ? null : forwardedFor.toString());
    }

    @OnMessage
    public void text(Session session, String message) {
        streams.text(session, message);
    }

    @OnMessage
    public void binary(Session session, byte[] chunk) {
        streams.binary(session, chunk, true);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        streams.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        // a browser that vanished is routine; anything else deserves a stack trace
        if (error instanceof IOException) {
            LOG.log(Level.DEBUG, "WebSocket {0} lost: {1}", session.getId(), error.toString());
        } else {
            LOG.log(Level.WARNING, "WebSocket " + session.getId() + " failed", error);
        }
    }
}
