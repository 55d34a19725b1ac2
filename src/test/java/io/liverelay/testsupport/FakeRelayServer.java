package io.liverelay.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal one-connection WebSocket server (RFC 6455) playing the relay's part, only to test {@link RelayClient}:
 * answers start with a fragmented "started", counts binary frames, answers stop with "destroyed" and a 1000 close,
 * and after {@code failAfterChunks} binary frames sends a fatal QUEUE_FULL error and closes with 1011.
 */
final class FakeRelayServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final Thread thread;
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<Long> chunkArrivalNanos = new CopyOnWriteArrayList<>();
    final AtomicLong binaryBytes = new AtomicLong();
    volatile Throwable failure;
    private final int failAfterChunks;
    private boolean closeSent;

    FakeRelayServer(int failAfterChunks) throws IOException {
        this.failAfterChunks = failAfterChunks;
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serveOne, "fake-relay");
        thread.setDaemon(true);
        thread.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/relay/stream");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serveOne() {
        try (Socket socket = server.accept()) {
            var in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            handshake(in, out);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int messageOpcode = 0;
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                length = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes((int) length);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = first & 0x0F;
                if (opcode == 8) {
                    if (!closeSent) {
                        frame(out, 0x88, payload);
                    }
                    return;
                }
                if (opcode == 9) {
                    frame(out, 0x8A, payload);
                    continue;
                }
                messageOpcode = opcode == 0 ? messageOpcode : opcode;
                message.writeBytes(payload);
                if ((first & 0x80) == 0) {
                    continue;
                }
                if (messageOpcode == 2) {
                    chunkArrivalNanos.add(System.nanoTime());
                    binaryBytes.addAndGet(message.size());
                    if (chunkArrivalNanos.size() == failAfterChunks) {
                        frame(out, 0x81, ("{\"type\":\"error\",\"error\":{\"name\":\"QUEUE_FULL\","
                                + "\"message\":\"fake\",\"fatal\":true}}").getBytes(StandardCharsets.UTF_8));
                        frame(out, 0x88, new byte[] {0x03, (byte) 0xF3});
                        closeSent = true;
                    }
                } else {
                    String text = message.toString(StandardCharsets.UTF_8);
                    texts.add(text);
                    answer(out, text);
                }
                message.reset();
            }
        } catch (IOException | RuntimeException e) {
            if (!server.isClosed()) {
                failure = e;
            }
        }
    }

    // "started" in two fragments, so the client must join partial messages
    private void answer(OutputStream out, String text) throws IOException {
        if (text.contains("\"start\"")) {
            frame(out, 0x01, "{\"type\":\"started\",\"id\":\"fake\",".getBytes(StandardCharsets.UTF_8));
            frame(out, 0x80, "\"mode\":\"copy\"}".getBytes(StandardCharsets.UTF_8));
        } else if (text.contains("\"stop\"")) {
            frame(out, 0x81, "{\"type\":\"destroyed\"}".getBytes(StandardCharsets.UTF_8));
            frame(out, 0x88, new byte[] {0x03, (byte) 0xE8});
            closeSent = true;
        }
    }

    private static void handshake(DataInputStream in, OutputStream out) throws IOException {
        String key = null;
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (header.toLowerCase().startsWith("sec-websocket-key:")) {
                key = header.substring(header.indexOf(':') + 1).trim();
            }
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void frame(OutputStream out, int firstByte, byte[] payload) throws IOException {
        out.write(firstByte);
        out.write(payload.length); // server frames here are all shorter than 126 bytes
        out.write(payload);
        out.flush();
    }
}
