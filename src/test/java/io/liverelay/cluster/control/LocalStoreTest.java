package io.liverelay.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.cluster.entity.StopRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster of one keeps the stops asked of it, for the stream or one destination, until its next beat only. */
class LocalStoreTest {

    @Test
    void stopsAskedOfThisNodeComeBackOnceInTheirOrder() {
        try (LocalStore store = new LocalStore("solo", List::of)) {
            store.requestStop("solo", StopRequest.ofDestination("s1", 1));
            store.requestStop("other", StopRequest.ofDestination("s2", 0));
            store.requestStop("solo", StopRequest.ofStream("s3"));
            assertEquals(List.of(StopRequest.ofDestination("s1", 1), StopRequest.ofStream("s3")),
                    store.beat(List.of(), 0, false));
            assertEquals(List.of(), store.beat(List.of(), 0, false), "each request is used once");
        }
    }
}
