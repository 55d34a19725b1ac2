package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.media.control.TagPipe;
import io.liverelay.media.control.TagSink;
import io.liverelay.media.entity.FlvTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
        // each tag written on its own, as if ffmpeg flushed every packet
        fanout.read(bursts(List.of(META, AVC, AAC, key(0)), List.of(inter(33, 300)), List.of(inter(66, 300)),
                List.of(sound(70)), List.of(key(100))));
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

    @Test
    void whatOneWriteBroughtReachesEachDestinationAsOneBatch() throws IOException {
        FlvFanout fanout = new FlvFanout(2);
        Counting first = new Counting();
        Counting second = new Counting();
        fanout.outlet(0).attach(first);
        fanout.outlet(1).attach(second);
        fanout.read(bursts(List.of(META, AVC, AAC, key(0), sound(10), inter(33, 50)),
                List.of(sound(31), inter(66, 50), sound(52)), List.of(key(100))));
        for (Counting sink : List.of(first, second)) {
            assertEquals(List.of(6, 3, 1), sink.batches, "one offer per burst, the opening in the first");
        }
    }

    @Test
    void theTagsAWriteCompletedGoOnBeforeTheReaderWaitsForTheRestOfOneItCut() throws IOException {
        FlvFanout fanout = new FlvFanout(1);
        Counting sink = new Counting();
        fanout.outlet(0).attach(sink);
        byte[] all = stream(META, AVC, AAC, key(0), sound(10), inter(33, 50), sound(31)).readAllBytes();
        int cut = all.length - sound(31).size() - 20; // ffmpeg's write ends inside the picture at 33 ms
        fanout.read(split(all, cut));
        assertEquals(List.of(5, 2), sink.batches, "the opening and the sound at 10 ms did not wait for the picture");
    }

    @Test
    void aFullPipeSkipsTheWholeBurstThenStartsAgainAtAKeyframe() throws IOException {
        FlvFanout fanout = new FlvFanout(1);
        TagPipe slow = new TagPipe(100);
        fanout.outlet(0).attach(slow);
        fanout.read(bursts(List.of(META, AVC, AAC, key(0)), List.of(inter(33, 60), sound(40)),
                List.of(inter(66, 60), sound(70)), List.of(inter(100, 10)), List.of(key(133), sound(140))));
        // the opening fits; the second burst fits beside it; the third does not (skipped), nor the fourth, which
        // has no keyframe although the pipe would take it; the fifth starts at its keyframe
        assertEquals(60 + 3 + 10, fanout.outlet(0).skippedBytes());
        assertEquals(List.of("18@0", "9@0", "8@0", "9@0", "9@33", "8@40", "9@133", "8@140"), names(drain(slow)));
    }

    @Test
    void aLongRunOfDataIsOfferedInBoundedBatches() throws IOException {
        FlvFanout fanout = new FlvFanout(1);
        Counting sink = new Counting();
        fanout.outlet(0).attach(sink);
        List<FlvTag> tags = new ArrayList<>(List.of(META, AVC, AAC, key(0)));
        for (int i = 1; i <= 40; i++) {
            tags.add(inter(i * 33, 16 * 1024));
        }
        fanout.read(stream(tags.toArray(FlvTag[]::new))); // all of it already there: one long burst
        assertEquals(44, sink.batches.stream().mapToInt(Integer::intValue).sum());
        assertTrue(sink.batches.size() >= 3, "640 KiB in batches of at most 256 KiB: " + sink.batches);
    }

    /** Takes everything and remembers how many tags each offer brought. */
    private static final class Counting implements TagSink {
        final List<Integer> batches = new ArrayList<>();

        @Override
        public boolean offer(List<FlvTag> tags) {
            batches.add(tags.size());
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** An FLV stream that arrives in the given bursts: what is available never reaches past the current one. */
    @SafeVarargs
    private static InputStream bursts(List<FlvTag>... bursts) {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < bursts.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (i == 0) {
                out.writeBytes(FlvTag.header(true, true));
            }
            bursts[i].forEach(tag -> out.writeBytes(tag.bytes()));
            parts.add(out.toByteArray());
        }
        return arriving(parts);
    }

    /** The bytes in two writes, the first ending at {@code cut}. */
    private static InputStream split(byte[] all, int cut) {
        return arriving(List.of(Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut, all.length)));
    }

    /** Each part as one write of ffmpeg's: a read never returns more than the rest of the current one. */
    private static InputStream arriving(List<byte[]> parts) {
        return new InputStream() {
            private int part;
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (part < parts.size() && at == parts.get(part).length) {
                    part++;
                    at = 0;
                }
                if (part == parts.size()) {
                    return -1;
                }
                int n = Math.min(length, parts.get(part).length - at);
                System.arraycopy(parts.get(part), at, into, offset, n);
                at += n;
                return n;
            }

            @Override
            public int available() {
                return part < parts.size() ? parts.get(part).length - at : 0;
            }
        };
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
