package io.liverelay.rtmp.control;

import io.liverelay.rtmp.entity.RtmpException;
import io.liverelay.rtmp.entity.RtmpException.Failure;
import java.io.IOException;
import java.net.Socket;

/**
 * The conversation from the RTMP handshake to {@code NetStream.Publish.Start}, within a deadline: connect to the
 * application, releaseStream and FCPublish (which some ingests want; their errors are ignored), createStream,
 * publish. The server's refusals become {@link RtmpException}s in words, with the stream key masked.
 */
final class Opening {

    static final int CHUNK_SIZE = 4096;
    static final int COMMANDS = 3;
    static final int STREAM_COMMANDS = 8;

    private static final int CONNECT = 1;
    private static final int RELEASE = 2;
    private static final int FC_PUBLISH = 3;
    private static final int CREATE_STREAM = 4;
    private static final int PUBLISH = 5;

    private final Connection connection;
    private final Deadline deadline;
    private Stage stage = Stage.HANDSHAKE;

    Opening(Connection connection, Deadline deadline) {
        this.connection = connection;
        this.deadline = deadline;
    }

    /** The message stream id the server gave us to publish on. */
    int publish() throws IOException, RtmpException {
        var target = connection.target();
        Socket socket = connection.socket();
        socket.setSoTimeout(deadline.remainingMillis());
        Handshake.perform(connection.input(), connection.output(), 0);

        stage = Stage.CONNECT;
        Outbound out = connection.outbound();
        out.chunkSize(CHUNK_SIZE);
        out.message(COMMANDS, Message.COMMAND, 0, 0, Command.connect(target.app(), target.tcUrl()));
        await(CONNECT);

        stage = Stage.CREATE_STREAM;
        out.message(COMMANDS, Message.COMMAND, 0, 0, Command.call("releaseStream", RELEASE, target.streamName()));
        out.message(COMMANDS, Message.COMMAND, 0, 0, Command.call("FCPublish", FC_PUBLISH, target.streamName()));
        out.message(COMMANDS, Message.COMMAND, 0, 0, Command.call("createStream", CREATE_STREAM));
        Double id = await(CREATE_STREAM).number();
        if (id == null || id < 0 || id > Integer.MAX_VALUE) {
            throw new RtmpException(Failure.PROTOCOL, "The RTMP server at " + connection.where()
                    + " answered createStream without a valid stream id.");
        }
        int streamId = id.intValue();

        stage = Stage.PUBLISH;
        out.message(STREAM_COMMANDS, Message.COMMAND, streamId, 0,
                Command.call("publish", PUBLISH, target.streamName(), "live"));
        await(PUBLISH);
        return streamId;
    }

    Stage stage() {
        return stage;
    }

    /**
     * Reads until the answer to {@code transaction} (publish: its onStatus); other commands pass by. Each read
     * waits only as long as the deadline leaves.
     */
    private Command await(int transaction) throws IOException, RtmpException {
        while (true) {
            connection.socket().setSoTimeout(deadline.remainingMillis());
            Message message = connection.inbound().next();
            if (message.type() != Message.COMMAND) {
                continue;
            }
            Command command = Command.parse(message);
            if (command == null) {
                continue;
            }
            if (command.is("_error", transaction)) {
                throw refused(command);
            }
            if (transaction == PUBLISH && command.name().equals("onStatus")) {
                if (command.code().equals("NetStream.Publish.Start")) {
                    return command;
                }
                if (command.level().equals("error") || command.code().contains("BadName")
                        || command.code().contains("Rejected") || command.code().contains("Failed")) {
                    throw refused(command);
                }
            } else if (transaction != PUBLISH && command.is("_result", transaction)) {
                return command;
            } else if (command.name().equals("close")) {
                throw new RtmpException(Failure.REFUSED, "The RTMP server at " + connection.where()
                        + " closed the session while " + stage.during + ".");
            }
        }
    }

    private RtmpException refused(Command command) {
        String code = command.code().isEmpty() ? "" : " (" + ServerText.clean(command.code(), connection.target()) + ")";
        String description = command.description().isEmpty() ? "no reason given"
                : ServerText.clean(command.description(), connection.target());
        String what = stage == Stage.CONNECT ? "the application '" + connection.target().app() + "'" : stage.refused;
        return new RtmpException(Failure.REFUSED, "The RTMP server at " + connection.where() + " refused " + what
                + ": " + description + code + ".");
    }

    /** How far the opening got, in words for the broadcaster: what the server refused, what we were doing. */
    enum Stage {
        TCP("the connection", "connecting"),
        TLS("the TLS handshake", "setting up TLS"),
        HANDSHAKE("the RTMP handshake", "in the RTMP handshake"),
        CONNECT("the application", "asking for the application"),
        CREATE_STREAM("to create a stream", "creating a stream"),
        PUBLISH("the stream key", "publishing with the stream key");

        final String refused;
        final String during;

        Stage(String refused, String during) {
            this.refused = refused;
            this.during = during;
        }
    }
}
