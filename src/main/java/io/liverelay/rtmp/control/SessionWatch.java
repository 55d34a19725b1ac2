package io.liverelay.rtmp.control;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one task that reads the server while we publish: {@link Inbound} answers pings and acknowledges; this ends
 * the session when the server does (an error status, {@code close}, end of stream) and reports why. It ends when
 * the socket is closed, by either side.
 */
final class SessionWatch implements Runnable {

    private static final Logger LOG = System.getLogger(SessionWatch.class.getName());

    private final Connection connection;
    private final CompletableFuture<String> closed;
    private final Supplier<String> ours;

    SessionWatch(Connection connection, CompletableFuture<String> closed, Supplier<String> ours) {
        this.connection = connection;
        this.closed = closed;
        this.ours = ours;
    }

    @Override
    public void run() {
        String reason;
        try {
            reason = readUntilTheEnd();
        } catch (EOFException e) {
            reason = "the server closed the connection";
        } catch (IOException e) {
            // a server that exits with our data unread resets the connection instead of closing it
            reason = String.valueOf(e.getMessage()).contains("reset") ? "the server reset the connection"
                    : "the connection failed: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = "reading the server's messages failed: " + e;
        }
        String by = ours.get();
        if (by != null) {
            reason = by;
        } else {
            reason = ServerText.clean(reason, connection.target());
            LOG.log(Level.INFO, "Publishing to {0} ended: {1}", connection.target(), reason);
        }
        closed.complete(reason); // first, so that a send failing on the closed socket can tell why
        connection.abort();
    }

    private String readUntilTheEnd() throws IOException {
        while (true) {
            Message message = connection.inbound().next();
            if (message.type() != Message.COMMAND) {
                continue;
            }
            Command command = Command.parse(message);
            if (command == null) {
                continue;
            }
            if (command.name().equals("onStatus") && (command.level().equals("error")
                    || command.code().startsWith("NetStream.Unpublish") || command.code().endsWith(".Closed"))) {
                return "the server ended the publish: " + command.description() + " (" + command.code() + ")";
            }
            if (command.name().equals("close")) {
                return "the server closed the session";
            }
            if (command.name().equals("_error")) {
                LOG.log(Level.DEBUG, "{0} answered an error: {1} ({2})", connection.target(),
                        ServerText.clean(command.description(), connection.target()), command.code());
            }
        }
    }
}
