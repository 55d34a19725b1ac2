package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.media.entity.FlvTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlvReaderTest {

    static final FlvTag AVC_HEADER = new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x17, 0, 0, 0, 0, 1, 2});
    static final FlvTag KEYFRAME = new FlvTag(FlvTag.VIDEO, 40, new byte[] {0x17, 1, 0, 0, 0, 9, 9, 9});
    static final FlvTag INTER = new FlvTag(FlvTag.VIDEO, 73, new byte[] {0x27, 1, 0, 0, 0, 8});
    static final FlvTag AAC_HEADER = new FlvTag(FlvTag.AUDIO, 0, new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
    static final FlvTag AAC_FRAME = new FlvTag(FlvTag.AUDIO, 21, new byte[] {(byte) 0xAF, 1, 5, 6});
    static final FlvTag LATE = new FlvTag(FlvTag.VIDEO, 0x01_23_45_67, new byte[] {0x27, 1, 0, 0, 0});

    @Test
    void readsWhatWasWrittenTagByTag() throws IOException {
        FlvReader reader = reader(stream(AVC_HEADER, AAC_HEADER, KEYFRAME, AAC_FRAME, INTER, LATE));
        assertEquals(5, reader.flags());
        for (FlvTag expected : new FlvTag[] {AVC_HEADER, AAC_HEADER, KEYFRAME, AAC_FRAME, INTER, LATE}) {
            FlvTag read = reader.next();
            assertEquals(expected.type(), read.type());
            assertEquals(expected.timestamp(), read.timestamp(), "the upper byte of a timestamp past 4.6 hours too");
            assertArrayEquals(expected.data(), read.data());
        }
        assertNull(reader.next());
    }

    @Test
    void tellsKeyframesFromCodecHeaders() {
        assertTrue(AVC_HEADER.sequenceHeader());
        assertFalse(AVC_HEADER.keyframe(), "a codec header is no picture to start at");
        assertTrue(KEYFRAME.keyframe());
        assertFalse(INTER.keyframe());
        assertTrue(AAC_HEADER.sequenceHeader());
        assertFalse(AAC_FRAME.sequenceHeader());
    }

    @Test
    void aStreamCutInsideATagEndsWithoutATag() throws IOException {
        byte[] whole = stream(KEYFRAME, INTER);
        FlvReader reader = reader(Arrays.copyOf(whole, whole.length - 3));
        assertEquals(KEYFRAME.timestamp(), reader.next().timestamp());
        assertNull(reader.next());
    }

    @Test
    void anEmptyStreamHasNoTags() throws IOException {
        FlvReader reader = reader(new byte[0]);
        assertNull(reader.next());
        assertEquals(-1, reader.flags());
    }

    @Test
    void aTagOverTheBoundIsRefusedBeforeItsBytesAreRead() {
        byte[] big = stream(new FlvTag(FlvTag.VIDEO, 0, new byte[5000]));
        FlvReader reader = new FlvReader(new ByteArrayInputStream(big), 4096);
        assertThrows(IOException.class, reader::next);
    }

    @Test
    void somethingElseIsNoFlv() {
        FlvReader reader = reader("GIF89a and more".getBytes());
        assertThrows(IOException.class, reader::next);
    }

    static byte[] stream(FlvTag... tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FlvTag.header(true, true));
        for (FlvTag tag : tags) {
            out.writeBytes(tag.bytes());
        }
        return out.toByteArray();
    }

    private static FlvReader reader(byte[] bytes) {
        return new FlvReader(new ByteArrayInputStream(bytes), 1 << 20);
    }
}
