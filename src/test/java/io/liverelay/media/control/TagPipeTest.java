package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.media.entity.FlvTag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagPipeTest {

    private static FlvTag tag(int size) {
        return new FlvTag(FlvTag.VIDEO, 0, new byte[size]);
    }

    @Test
    void aFullPipeSaysNoAndAnEmptyOneTakesEvenAKeyframeLargerThanItsBound() throws InterruptedException {
        TagPipe pipe = new TagPipe(100);
        assertTrue(pipe.offer(tag(60)));
        assertFalse(pipe.offer(tag(60)), "over the bound while something waits");
        List<FlvTag> taken = new ArrayList<>();
        assertTrue(pipe.takeAll(taken));
        assertTrue(pipe.offer(tag(500)), "a picture larger than the bound still starts an empty pipe");
        assertFalse(pipe.offer(tag(1)));
    }

    @Test
    void aBatchIsTakenWholeOrNotAtAllAndComesOutAtOnce() throws InterruptedException {
        TagPipe pipe = new TagPipe(100);
        assertTrue(pipe.offer(tag(10)));
        assertFalse(pipe.offer(List.of(tag(50), tag(50))));
        assertTrue(pipe.offer(List.of(tag(40), tag(40))));
        List<FlvTag> taken = new ArrayList<>();
        assertTrue(pipe.takeAll(taken));
        assertEquals(3, taken.size());
        assertEquals(0, pipe.queuedBytes());
    }

    @Test
    void aFinishedPipeIsDrainedThenEndsAndAnAbortedOneEndsAtOnce() throws InterruptedException {
        TagPipe finished = new TagPipe(100);
        finished.offer(tag(10));
        finished.finish();
        assertFalse(finished.offer(tag(1)));
        List<FlvTag> taken = new ArrayList<>();
        assertTrue(finished.takeAll(taken));
        assertFalse(finished.takeAll(taken));

        TagPipe aborted = new TagPipe(100);
        aborted.offer(tag(10));
        aborted.abort();
        assertFalse(aborted.takeAll(new ArrayList<>()));
        assertFalse(aborted.isOpen());
    }
}
