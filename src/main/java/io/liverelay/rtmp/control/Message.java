package io.liverelay.rtmp.control;

/** One whole RTMP message as the server sent it, reassembled from its chunks. */
record Message(int type, int streamId, int timestamp, byte[] payload) {

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACKNOWLEDGEMENT = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA = 18;
    static final int COMMAND = 20;

    /** Four bytes from {@code at} as a big-endian number, as protocol control messages carry them. */
    int int32(int at) {
        return (payload[at] & 0xFF) << 24 | (payload[at + 1] & 0xFF) << 16 | (payload[at + 2] & 0xFF) << 8
                | payload[at + 3] & 0xFF;
    }

    static byte[] int32Payload(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
