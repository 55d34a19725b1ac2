package io.liverelay.rtmp.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's protocol control answered as the spec asks, without a socket. */
class InboundTest {

    private final ByteArrayOutputStream server = new ByteArrayOutputStream();
    private final ChunkWriter serverWriter = new ChunkWriter(server);
    private final ByteArrayOutputStream ours = new ByteArrayOutputStream();

    private void serverSends(int type, byte[] payload) throws Exception {
        serverWriter.write(2, type, 0, 0, payload, 0, payload.length);
    }

    private Inbound inbound() {
        var reader = new ChunkReader(new ByteArrayInputStream(server.toByteArray()), 64 * 1024, 8);
        return new Inbound(reader, new Outbound(ours));
    }

    private List<Message> whatWeSent() throws Exception {
        var reader = new ChunkReader(new ByteArrayInputStream(ours.toByteArray()), 64 * 1024, 8);
        List<Message> sent = new ArrayList<>();
        while (reader.bytesRead() < ours.size()) {
            sent.add(reader.next());
        }
        return sent;
    }

    @Test
    void aPingRequestIsAnsweredWithItsTimestamp() throws Exception {
        serverSends(Message.USER_CONTROL, new byte[] {0, 6, 1, 2, 3, 4});
        serverSends(Message.COMMAND, Amf0.encode("onBWDone", 0, null));

        Message returned = inbound().next();

        assertEquals(Message.COMMAND, returned.type());
        List<Message> sent = whatWeSent();
        assertEquals(1, sent.size());
        assertEquals(Message.USER_CONTROL, sent.get(0).type());
        assertArrayEquals(new byte[] {0, 7, 1, 2, 3, 4}, sent.get(0).payload());
    }

    @Test
    void anAcknowledgementGoesOutEachTimeTheServersWindowIsCrossed() throws Exception {
        serverSends(Message.WINDOW_ACK_SIZE, Message.int32Payload(1000));
        for (int i = 0; i < 6; i++) {
            serverSends(Message.DATA, new byte[400]);
        }
        Inbound inbound = inbound();
        for (int i = 0; i < 6; i++) {
            inbound.next();
        }

        List<Message> acks = whatWeSent();
        // 16 bytes of window size, then 6 x 415 (a 12-byte header, 3 continuation bytes, 400 of data): 2506 bytes
        assertEquals(2, acks.size(), "2506 bytes read with a window of 1000");
        for (Message ack : acks) {
            assertEquals(Message.ACKNOWLEDGEMENT, ack.type());
        }
        assertEquals(1261, acks.get(0).int32(0), "after the third message");
        assertEquals(2506, acks.get(1).int32(0), "after the sixth");
    }

    @Test
    void setPeerBandwidthIsAnsweredWithOurWindowOnceUntilItChanges() throws Exception {
        serverSends(Message.SET_PEER_BANDWIDTH, new byte[] {0, 0x26, 0x25, (byte) 0xA0, 2});
        serverSends(Message.SET_PEER_BANDWIDTH, new byte[] {0, 0x26, 0x25, (byte) 0xA0, 2});
        serverSends(Message.COMMAND, Amf0.encode("_result", 1, null));

        inbound().next();

        List<Message> sent = whatWeSent();
        assertEquals(1, sent.size());
        assertEquals(Message.WINDOW_ACK_SIZE, sent.get(0).type());
        assertEquals(2_500_000, sent.get(0).int32(0));
    }
}
