package io.liverelay.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One browser tab's WebSocket on a bare socket, so that a stress actor can leave every way a tab can: a close
 * frame, a FIN without one, a TCP reset. A reader thread of its own takes the server's messages as they come
 * (answering pings and the close handshake), so the server's sends never wait on the harness. Sends are
 * serialized; loopback only.
 */
final class StressSocket {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int CLOSE_LINGER_MS = 10_000;
    private static final int MAX_HEAD = 16 * 1024;
    // the server sends small JSON; anything larger is a broken connection, not a message to keep
    private static final int MAX_MESSAGE = 1024 * 1024;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object sending = new Object();
    private final List<JsonObject> messages = new ArrayList<>(); // guarded by itself, as is ended
    private boolean ended;
    private volatile int closeCode = -1;
    private volatile boolean closeSent;
    private final Thread reader;

    private StressSocket(Socket socket, DataInputStream in, OutputStream out, String name) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.reader = new Thread(this::read, "stress-reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and does the handshake with the Origin a page of the relay itself would send. */
    static StressSocket open(URI ws, String name) {
        Socket socket = new Socket();
        try {
            InetAddress host = InetAddress.getByName(ws.getHost());
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("the stress run connects to loopback only: " + ws);
            }
            socket.connect(new InetSocketAddress(host, ws.getPort()), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(CONNECT_TIMEOUT_MS);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Origin: http://" + ws.getHost() + ":" + ws.getPort() + "\r\n"
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String status = readHead(in).split("\r\n", 2)[0];
            String[] parts = status.split(" ");
            if (parts.length < 2 || !parts[1].equals("101")) {
                throw new IOException("handshake answered " + status);
            }
            socket.setSoTimeout(0); // the reader waits for as long as the server says nothing
            return new StressSocket(socket, in, out, name);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot open " + ws, e);
        }
    }

    void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] bytes) {
        send(BINARY, bytes);
    }

    /** A close frame, as a tab that goes away sends one; the server answers with its own. */
    void sendClose(int code) {
        closeSent = true;
        send(CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** Vanishes with a TCP reset: no close frame, no FIN. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    /**
     * Vanishes with a FIN and no close frame. (The reader keeps the receive buffer empty; were it not, the
     * kernel would send a reset instead.)
     */
    void vanish() {
        closeQuietly(socket);
    }

    /** Lets the socket go once the connection is over, whichever way it ended. */
    void release() {
        closeQuietly(socket);
        try {
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first message of one of these types received so far or within the timeout; null if none came. */
    JsonObject await(Set<String> types, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                for (JsonObject message : messages) {
                    if (types.contains(message.getString("type", ""))) {
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                waitOn(left);
            }
        }
    }

    /** True once the connection is over (closed by either side, reset, or failed), within the timeout. */
    boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitOn(left);
            }
            return true;
        }
    }

    boolean ended() {
        synchronized (messages) {
            return ended;
        }
    }

    int count(String type) {
        synchronized (messages) {
            return (int) messages.stream().filter(m -> type.equals(m.getString("type", ""))).count();
        }
    }

    /** Whether ffmpeg reported frames sent: the relay retries a lost RTMP server only once a stream was live. */
    boolean live() {
        synchronized (messages) {
            return messages.stream().anyMatch(m -> "progress".equals(m.getString("type", ""))
                    && m.containsKey("frames") && m.getJsonNumber("frames").longValue() > 0);
        }
    }

    List<JsonObject> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The status code of the server's close frame; -1 while none came (or the connection ended without one). */
    int closeCode() {
        return closeCode;
    }

    private void waitOn(long nanos) {
        try {
            messages.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the relay", e);
        }
    }

    private void read() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageType = TEXT;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (length < 0 || length > MAX_MESSAGE) {
                    throw new IOException("a frame of " + length + " bytes");
                }
                byte[] mask = null;
                if ((second & 0x80) != 0) {
                    mask = new byte[4];
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                }
                int opcode = first & 0x0F;
                if (opcode == CLOSE) {
                    closed(payload);
                    return;
                } else if (opcode == PING) {
                    send(PONG, payload);
                } else if (opcode == TEXT || opcode == BINARY || opcode == CONTINUATION) {
                    if (opcode != CONTINUATION) {
                        messageType = opcode;
                        message.reset();
                    }
                    message.writeBytes(payload);
                    if (message.size() > MAX_MESSAGE) {
                        throw new IOException("a message of more than " + MAX_MESSAGE + " bytes");
                    }
                    if ((first & 0x80) != 0) {
                        received(messageType, message.toByteArray());
                        message.reset();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // end of stream, a reset, or our own close: the connection is over either way
        } finally {
            closeQuietly(socket);
            synchronized (messages) {
                ended = true;
                messages.notifyAll();
            }
        }
    }

    // the server's close frame: answered unless ours went first, then the server ends the TCP connection
    private void closed(byte[] payload) throws IOException {
        closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        if (!closeSent) {
            closeSent = true;
            send(CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
        }
        socket.setSoTimeout(CLOSE_LINGER_MS);
        while (in.read() >= 0) {
            // nothing may follow a close frame; wait for the server's FIN
        }
    }

    private void received(int type, byte[] payload) {
        JsonObject message;
        if (type == BINARY) {
            message = Json.createObjectBuilder().add("type", "_binary").add("bytes", payload.length).build();
        } else {
            String text = new String(payload, StandardCharsets.UTF_8);
            try (var json = Json.createReader(new StringReader(text))) {
                message = json.readObject();
            } catch (RuntimeException e) {
                message = Json.createObjectBuilder().add("type", "_unparsable").add("text", text).build();
            }
        }
        synchronized (messages) {
            messages.add(message);
            messages.notifyAll();
        }
    }

    // client frames are masked (RFC 6455 5.3)
    private void send(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        synchronized (sending) {
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("send failed", e);
            }
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            if (head.length() > MAX_HEAD) {
                throw new IOException("a handshake answer of more than " + MAX_HEAD + " bytes");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
