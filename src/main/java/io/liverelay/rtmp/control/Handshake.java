package io.liverelay.rtmp.control;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RTMP's plain handshake, the client's side: C0+C1 at once, then C2 echoing S1 once it came, then S2. Without the
 * digest variant that Flash players used; encoders such as OBS publish with this one. S2 is read but not checked:
 * servers differ in what they echo, and a wrong echo is no reason to refuse a stream.
 */
final class Handshake {

    static final int VERSION = 3;
    static final int SIZE = 1536;

    private Handshake() {
    }

    static void perform(InputStream in, OutputStream out, int uptimeMillis) throws IOException {
        byte[] c0c1 = new byte[1 + SIZE];
        c0c1[0] = VERSION;
        put32(c0c1, 1, uptimeMillis);
        // bytes 5..8 stay zero: that says "plain handshake" to servers that also speak the digest one
        byte[] random = new byte[SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        System.arraycopy(random, 0, c0c1, 9, random.length);
        out.write(c0c1);
        out.flush();

        var data = new DataInputStream(in);
        int version = data.readUnsignedByte();
        if (version != VERSION) {
            throw new ProtocolException("the server answered with RTMP version " + version + ", not " + VERSION);
        }
        byte[] s1 = new byte[SIZE];
        data.readFully(s1);
        byte[] c2 = s1.clone(); // S1's time and random echoed; our time at reading it in between
        put32(c2, 4, uptimeMillis);
        out.write(c2);
        out.flush();
        data.readFully(new byte[SIZE]); // S2
    }

    private static void put32(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
