package io.liverelay.rtmp.control;

import io.liverelay.rtmp.entity.RtmpTarget;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One connection to a server and the streams on it. {@code raw} is the TCP socket under TLS (or the same socket
 * without it): closing it unblocks a thread stuck in a write, where closing TLS would first try to send its alert.
 */
record Connection(RtmpTarget target, Socket raw, Socket socket, InputStream input, OutputStream output,
        Outbound outbound, Inbound inbound) {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_CHUNK_STREAMS = 16;
    private static final int BUFFER = 64 * 1024;

    static Connection over(RtmpTarget target, Socket raw, Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        Outbound outbound = new Outbound(out);
        Inbound inbound = new Inbound(new ChunkReader(in, MAX_MESSAGE_BYTES, MAX_CHUNK_STREAMS), outbound);
        return new Connection(target, raw, socket, in, out, outbound, inbound);
    }

    /** The host and port as the URL names them, for messages. */
    String where() {
        return target.host() + ":" + target.port();
    }

    /** Closes the TCP socket at once; never blocks, may be called from any thread and more than once. */
    void abort() {
        try {
            raw.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
