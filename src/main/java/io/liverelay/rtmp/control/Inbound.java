package io.liverelay.rtmp.control;

import java.io.IOException;

/**
 * The server's messages as a publisher needs them: protocol control is handled here (window sizes, pings, our
 * acknowledgements once the server's window is crossed), commands and data are returned. Used by the opening
 * conversation, then by the one task that reads while we publish.
 */
final class Inbound {

    private static final int PING_REQUEST = 6;
    private static final int PING_RESPONSE = 7;

    private final ChunkReader reader;
    private final Outbound outbound;
    private long window;
    private long acknowledged;
    private int announcedWindow = -1;

    Inbound(ChunkReader reader, Outbound outbound) {
        this.reader = reader;
        this.outbound = outbound;
    }

    /** The next command or data message (or media, which a publisher does not expect and ignores). */
    Message next() throws IOException {
        while (true) {
            Message message = reader.next();
            acknowledge();
            byte[] payload = message.payload();
            switch (message.type()) {
                case Message.WINDOW_ACK_SIZE -> {
                    if (payload.length >= 4) {
                        window = message.int32(0) & 0xFFFFFFFFL;
                    }
                }
                case Message.SET_PEER_BANDWIDTH -> {
                    // the spec's answer: our own window, when it differs from what we told the server before
                    if (payload.length >= 4 && message.int32(0) != announcedWindow) {
                        announcedWindow = message.int32(0);
                        outbound.control(Message.WINDOW_ACK_SIZE, Message.int32Payload(announcedWindow));
                    }
                }
                case Message.USER_CONTROL -> {
                    if (payload.length >= 6 && ((payload[0] & 0xFF) << 8 | payload[1] & 0xFF) == PING_REQUEST) {
                        byte[] pong = payload.clone();
                        pong[0] = 0;
                        pong[1] = PING_RESPONSE;
                        outbound.control(Message.USER_CONTROL, pong);
                    }
                }
                case Message.ACKNOWLEDGEMENT -> {
                    // the server's receipts for what we sent: nothing to do with them
                }
                default -> {
                    return message;
                }
            }
        }
    }

    /** The sequence number is the byte count, wrapping at 2^32 as the field does. */
    private void acknowledge() throws IOException {
        long read = reader.bytesRead();
        if (window > 0 && read - acknowledged >= window) {
            acknowledged = read;
            outbound.control(Message.ACKNOWLEDGEMENT, Message.int32Payload((int) read));
        }
    }
}
