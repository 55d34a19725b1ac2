package io.liverelay.testsupport;

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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A WebSocket client on a bare socket, for what a well-behaved client library will not do: send any Origin
 * or none and read the handshake's HTTP status, cut a frame off in the middle, vanish without a close frame.
 * Loopback only; one thread at a time.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private volatile int closeCode = -1;

    private RawWebSocket(Socket socket, DataInputStream in, OutputStream out, int status) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.status = status;
    }

    /** Opens the socket and does the handshake; {@link #status()} says whether it was accepted (101). */
    public static RawWebSocket open(URI ws, String origin) {
        return open(ws, origin, Map.of());
    }

    /** As {@link #open(URI, String)}, with more request headers, e.g. what a reverse proxy adds. */
    public static RawWebSocket open(URI ws, String origin, Map<String, String> headers) {
        try {
            InetAddress host = InetAddress.getByName(ws.getHost());
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("tests connect to loopback only: " + ws);
            }
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, ws.getPort()), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MS);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + headers.entrySet().stream().map(h -> h.getKey() + ": " + h.getValue() + "\r\n")
                            .collect(Collectors.joining())
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            return new RawWebSocket(socket, in, out, Integer.parseInt(statusLine[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + ws, e);
        }
    }

    /** The handshake's HTTP status: 101 when the server accepted the WebSocket. */
    public int status() {
        return status;
    }

    public void sendText(String text) {
        frame(TEXT, text.getBytes(StandardCharsets.UTF_8), -1);
    }

    public void sendBinary(byte[] bytes) {
        frame(BINARY, bytes, -1);
    }

    /** A frame whose header announces {@code declaredLength} bytes but carries only {@code part}. */
    public void sendPartialFrame(int opcode, byte[] part, long declaredLength) {
        frame(opcode, part, declaredLength);
    }

    /** The next server message of this type, or null if the socket closed or nothing came in time. */
    public JsonObject awaitMessage(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject message;
        while ((message = nextMessage(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            if (type.equals(message.getString("type", ""))) {
                return message;
            }
        }
        return null;
    }

    /** The next text message from the server, or null if the socket closed or nothing came in time. */
    public JsonObject nextMessage(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                int opcode = first & 0x0F;
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    return null;
                }
                if (opcode == TEXT) {
                    return Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))
                            .readObject();
                }
            }
            return null;
        } catch (IOException e) {
            return null; // timed out, closed or reset: nothing more will come in time
        }
    }

    /** The code of the server's close frame once {@link #nextMessage} has read it; -1 before. */
    public int closeCode() {
        return closeCode;
    }

    /** Vanishes: a TCP reset, no close frame. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        close();
    }

    /** Closes the TCP connection (FIN) without a WebSocket close frame. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    // client frames are masked (RFC 6455 5.3); declared < 0 means the payload's own length
    private void frame(int opcode, byte[] payload, long declared) {
        long length = declared < 0 ? payload.length : declared;
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (length < 126) {
            frame.write(0x80 | (int) length);
        } else if (length < 65536) {
            frame.write(0x80 | 126);
            frame.write((int) (length >>> 8) & 0xFF);
            frame.write((int) length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
