package io.liverelay.media.control;

import io.liverelay.media.entity.FlvTag;
import java.util.List;

/** Where the fan-out hands one destination its tags: never blocks, and says no when full or closed. */
public interface TagSink {

    /** Takes all the tags or none. */
    boolean offer(List<FlvTag> tags);

    default boolean offer(FlvTag tag) {
        return offer(List.of(tag));
    }

    /** False once closed: a refused offer then says nothing about the bound. */
    boolean isOpen();
}
