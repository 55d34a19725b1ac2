package io.liverelay.cluster.control;

import io.liverelay.cluster.entity.StopRequest;
import java.util.Optional;

/**
 * A stop request as the one string a node's list of them holds in the store: the stream's id, then {@code /} and
 * the destination's number when only that one is to stop. A stream's id holds no {@code /}, and a node that
 * predates destinations finds no stream by the longer id, so it ignores such a request instead of stopping the
 * whole stream.
 */
final class StopsText {

    private static final char DESTINATION = '/';

    private StopsText() {
    }

    static String write(StopRequest request) {
        return request.destination().isPresent()
                ? request.streamId() + DESTINATION + request.destination().getAsInt()
                : request.streamId();
    }

    /** The request, or empty for text no node writes: a malformed number never widens into the whole stream. */
    static Optional<StopRequest> read(String text) {
        int slash = text.indexOf(DESTINATION);
        if (slash < 0) {
            return text.isEmpty() ? Optional.empty() : Optional.of(StopRequest.ofStream(text));
        }
        String number = text.substring(slash + 1);
        if (slash == 0 || !number.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(StopRequest.ofDestination(text.substring(0, slash), Integer.parseInt(number)));
    }
}
