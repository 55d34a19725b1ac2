package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.cluster.control.Cluster;
import io.liverelay.cluster.control.ClusterSettings;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.config.control.Settings;
import io.liverelay.ingest.entity.StreamState;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A beat hands each stop request to its stream: one destination's stop never stops the whole stream. */
class ClusterPresenceTest {

    @Test
    void aDestinationsStopReachesTheStreamAsThatAndAStreamsStopAsThat() throws Exception {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            ClusterPresence presence = new ClusterPresence();
            presence.cluster = Cluster.of(ClusterSettings.read(new Settings(Map.of("relay.cluster.nodeName", "solo")
                    ::get, name -> null)));
            presence.registry = relay.registry;
            FakeSession session = relay.connect();
            relay.text(session, RelayUnderTest.start());
            awaitOrDump(() -> session.count("\"started\"") == 1, "started");
            RelayStream stream = relay.stream(session.session());

            presence.cluster.requestStop("solo", StopRequest.ofDestination(stream.id(), 0));
            presence.beat();
            stream.stopDestination(9).get(5, TimeUnit.SECONDS); // the lane keeps order: the beat's stop ran before
            assertEquals(StreamState.RUNNING, stream.state(), "its only destination is refused, the stream goes on");
            assertEquals(0, session.count("STOPPED_BY_ADMIN"));

            presence.cluster.requestStop("solo", StopRequest.ofStream(stream.id()));
            presence.beat();
            awaitOrDump(() -> session.count("STOPPED_BY_ADMIN") == 1, "the whole stream stopped");
        }
    }
}
