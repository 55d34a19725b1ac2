package io.liverelay.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.cluster.entity.StopRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stop request survives the store as text, and text no node writes never stops a whole stream. */
class StopsTextTest {

    private static final String ID = "0b7e4c1a-3f5d-4e2a-9c8b-1d2e3f4a5b6c";

    @Test
    void aWholeStreamsStopIsItsIdAlone() {
        assertEquals(ID, StopsText.write(StopRequest.ofStream(ID)), "as nodes before destinations wrote it");
        assertEquals(Optional.of(StopRequest.ofStream(ID)), StopsText.read(ID));
    }

    @Test
    void aDestinationsStopKeepsItsNumber() {
        for (int index : new int[] {0, 1, 17}) {
            StopRequest request = StopRequest.ofDestination(ID, index);
            assertEquals(ID + "/" + index, StopsText.write(request));
            assertEquals(Optional.of(request), StopsText.read(StopsText.write(request)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/2", ID + "/", ID + "/-1", ID + "/x", ID + "/1/2", ID + "/99999999999"})
    void malformedTextIsNoRequest(String text) {
        assertEquals(Optional.empty(), StopsText.read(text));
    }
}
