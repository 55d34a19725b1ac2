package io.liverelay.media.entity;

/**
 * One tag of an FLV stream, as ffmpeg writes it: audio, video or script data with a timestamp in milliseconds.
 * The relay reads them from the first ffmpeg and hands each to every destination of the stream; a destination
 * that falls behind skips to the next keyframe, and one that connects again starts with the codec headers.
 */
public record FlvTag(int type, int timestamp, byte[] data) {

    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;

    private static final int AVC = 7;
    private static final int AAC = 10;

    public boolean video() {
        return type == VIDEO;
    }

    public boolean audio() {
        return type == AUDIO;
    }

    public boolean script() {
        return type == SCRIPT;
    }

    /** A video frame a decoder can start at (not the codec header, which is no picture). */
    public boolean keyframe() {
        return video() && data.length > 1 && (data[0] & 0xF0) >> 4 == 1 && !sequenceHeader();
    }

    /** The codec's configuration (H.264's AVCDecoderConfigurationRecord, AAC's AudioSpecificConfig). */
    public boolean sequenceHeader() {
        if (data.length < 2) {
            return false;
        }
        int codec = video() ? data[0] & 0x0F : audio() ? (data[0] & 0xF0) >> 4 : -1;
        return (video() && codec == AVC || audio() && codec == AAC) && data[1] == 0;
    }

    /** The same tag at another time: a destination that connected again counts from its own start. */
    public FlvTag at(int millis) {
        return new FlvTag(type, millis, data);
    }

    /** Its size in an FLV file, with the header before and the size field after it. */
    public int size() {
        return 11 + data.length + 4;
    }

    /** The tag as FLV bytes, followed by its PreviousTagSize field. */
    public byte[] bytes() {
        byte[] out = new byte[size()];
        out[0] = (byte) type;
        put24(out, 1, data.length);
        put24(out, 4, timestamp & 0xFFFFFF);
        out[7] = (byte) (timestamp >>> 24);
        System.arraycopy(data, 0, out, 11, data.length);
        int previous = 11 + data.length;
        int at = 11 + data.length;
        out[at] = (byte) (previous >>> 24);
        out[at + 1] = (byte) (previous >>> 16);
        out[at + 2] = (byte) (previous >>> 8);
        out[at + 3] = (byte) previous;
        return out;
    }

    /** An FLV file's header, with the empty PreviousTagSize0 after it. */
    public static byte[] header(boolean audio, boolean video) {
        return new byte[] {'F', 'L', 'V', 1, (byte) ((audio ? 4 : 0) | (video ? 1 : 0)), 0, 0, 0, 9, 0, 0, 0, 0};
    }

    private static void put24(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 16);
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) value;
    }
}
