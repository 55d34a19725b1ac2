package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.media.control.TagPipe;
import io.liverelay.media.entity.FlvTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each destination gets a stream a player can start, and one that falls behind costs the others nothing. */
class FlvFanoutTest {

    private static final FlvTag META = new FlvTag(FlvTag.SCRIPT, 0, new byte[] {2, 0, 10});
    private static final FlvTag AVC = new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x17, 0, 0, 0, 0, 1});
    private static final FlvTag AAC = new FlvTag(FlvTag.AUDIO, 0, new byte[] {(byte) 0xAF, 0, 0x12});

    private static FlvTag key(int ms) {
        return new FlvTag(FlvTag.VIDEO, ms, new byte[] {0x17, 1, 0, 0, 0, (byte) ms});
    }

    private static FlvTag inter(int ms, int size) {
        byte[] data = new byte[size];
        data[0] = 0x27;
        data[1] = 1;
        return new FlvTag(FlvTag.VIDEO, ms, data);
    }

    private static FlvTag sound(int ms) {
        return new FlvTag(FlvTag.AUDIO, ms, new byte[] {(byte) 0xAF, 1, 7});
    }

    @Test
    void everyDestinationGetsTheWholeStreamWhenItKeepsUp() throws IOException {
        FlvFanout fanout = new FlvFanout(2);
        TagPipe first = new TagPipe(1 << 20);
        TagPipe second = new TagPipe(1 << 20);
        fanout.outlet(0).attach(first);
        fanout.outlet(1).attach(second);
        fanout.read(stream(META, AVC, AAC, key(0), sound(10), inter(33, 50), sound(31), key(66)));
        for (TagPipe pipe : List.of(first, second)) {
            List<FlvTag> got = drain(pipe);
            assertEquals(List.of("18@0", "9@0", "8@0", "9@0", "8@10", "9@33", "8@31", "9@66"), names(got));
        }
        assertEquals(0, fanout.outlet(0).skippedBytes());
    }

    @Test
    void aDestinationThatFallsBehindSkipsToTheNextKeyframeAndTheOtherGetsEverything() throws IOException {
        FlvFanout fanout = new FlvFanout(2);
        TagPipe slow = new TagPipe(300); // room for the opening and a little more
        TagPipe fast = new TagPipe(1 << 20);
        fanout.outlet(0).attach(slow);
        fanout.outlet(1).attach(fast);
        fanout.read(stream(META, AVC, AAC, key(0), inter(33, 300), inter(66, 300), sound(70), key(100)));
        assertEquals(8, drain(fast).size());
        // the slow one took the opening and the keyframe, then was full: the two pictures and the sound are skipped
        assertEquals(300 + 300 + 3, fanout.outlet(0).skippedBytes());
    }

    @Test
    void aDestinationThatAttachesLateStartsAtAKeyframeWithTheHeadersAtItsTime() throws IOException {
        FlvFanout fanout = new FlvFanout(1);
        TagPipe late = new TagPipe(1 << 20);
        fanout.read(stream(META, AVC, AAC, key(0), inter(33, 20))); // nobody attached: all of it skipped
        assertTrue(fanout.outlet(0).skippedBytes() > 0);

        FlvFanout again = new FlvFanout(1);
        again.outlet(0).attach(late);
        // the headers come first in the stream; the outlet appears before the next keyframe only
        again.read(stream(META, AVC, AAC, inter(100, 20), sound(110), key(133), inter(166, 20)));
        List<FlvTag> got = drain(late);
        assertEquals(List.of("18@133", "9@133", "8@133", "9@133", "9@166"), names(got));
        assertTrue(got.get(3).keyframe());
        assertEquals(20 + 3, again.outlet(0).skippedBytes());
    }

    private static List<String> names(List<FlvTag> tags) {
        return tags.stream().map(t -> t.type() + "@" + t.timestamp()).toList();
    }

    /** What the destination's connection would send, in order. */
    private static List<FlvTag> drain(TagPipe pipe) throws IOException {
        pipe.finish();
        List<FlvTag> tags = new ArrayList<>();
        try {
            while (pipe.takeAll(tags)) {
                // all at once
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return tags;
    }

    private static ByteArrayInputStream stream(FlvTag... tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FlvTag.header(true, true));
        for (FlvTag tag : tags) {
            out.writeBytes(tag.bytes());
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
