package io.liverelay.rtmp.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void c0c1ThenC2EchoingS1() throws Exception {
        byte[] s1 = new byte[Handshake.SIZE];
        new Random(1).nextBytes(s1);
        var server = new ByteArrayOutputStream();
        server.write(3);
        server.writeBytes(s1);
        server.writeBytes(new byte[Handshake.SIZE]); // S2
        var client = new ByteArrayOutputStream();

        Handshake.perform(new ByteArrayInputStream(server.toByteArray()), client, 0x01020304);

        byte[] sent = client.toByteArray();
        assertEquals(1 + 2 * Handshake.SIZE, sent.length);
        assertEquals(3, sent[0]);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}, Arrays.copyOfRange(sent, 1, 9), "time, then zero");
        byte[] c2 = Arrays.copyOfRange(sent, 1 + Handshake.SIZE, sent.length);
        assertArrayEquals(Arrays.copyOf(s1, 4), Arrays.copyOf(c2, 4), "S1's time");
        assertArrayEquals(Arrays.copyOfRange(s1, 8, Handshake.SIZE), Arrays.copyOfRange(c2, 8, Handshake.SIZE));
    }

    @Test
    void anotherVersionOrAShortAnswerFails() {
        assertThrows(ProtocolException.class, () -> Handshake.perform(new ByteArrayInputStream(new byte[] {'H', 'T'}),
                new ByteArrayOutputStream(), 0));
        assertThrows(EOFException.class, () -> Handshake.perform(new ByteArrayInputStream(new byte[] {3, 0, 0}),
                new ByteArrayOutputStream(), 0));
    }
}
