package io.liverelay.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.config.control.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node on its own (no store configured): the cluster is this node, and nothing leaves its memory. */
class ClusterTest {

    @Test
    void aNodeOnItsOwnIsTheWholeCluster() {
        Cluster alone = cluster(Map.of("relay.cluster.nodeName", "solo"));
        assertFalse(alone.shared());
        assertTrue(alone.reachable(), "nothing to reach");
        beat(alone, List.of(new ClusterStream("solo", "s1", "alice", true, "{}"),
                new ClusterStream("solo", "s2", "alice", false, "{}")));
        assertEquals(List.of("solo"), alone.view().nodes());
        assertEquals(2, alone.view().streams().size());
        assertEquals(1, alone.view().liveStreamsOf("alice"), "only started streams count for a user's limit");
        assertEquals(0, alone.view().liveStreamsOf(null), "anonymous streams belong to nobody");
    }

    @Test
    void withoutASharedLimitEveryStartHasASlot() {
        Cluster alone = cluster(Map.of());
        for (int i = 0; i < 1000; i++) {
            assertTrue(alone.takeSlot());
        }
    }

    @Test
    void theSharedLimitAlsoHoldsOnOneNode() {
        Cluster alone = cluster(Map.of("relay.cluster.maxFfmpegInstances", "2"));
        assertTrue(alone.takeSlot());
        assertTrue(alone.takeSlot());
        assertFalse(alone.takeSlot());
        alone.releaseSlot();
        assertTrue(alone.takeSlot());
    }

    @Test
    void aStopAskedOfThisNodeComesBackAtItsNextBeatOnce() {
        Cluster alone = cluster(Map.of("relay.cluster.nodeName", "solo"));
        alone.requestStop("solo", StopRequest.ofStream("s1"));
        alone.requestStop("elsewhere", StopRequest.ofStream("s2"));
        assertEquals(List.of(StopRequest.ofStream("s1")), beat(alone, List.of()));
        assertEquals(List.of(), beat(alone, List.of()));
    }

    @Test
    void settingsAreCheckedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cluster(Map.of("relay.cluster.nodeName",
                "a b"))).getMessage().contains("relay.cluster.nodeName"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cluster(Map.of("relay.cluster.heartbeatMillis",
                "1000", "relay.cluster.expirySeconds", "1"))).getMessage().contains("relay.cluster.expirySeconds"));
        assertTrue(cluster(Map.of()).node().matches("node-[0-9a-f]{8}"), "a random name when none is set");
    }

    @Test
    void aPasswordInTheRedisUrlNeverReachesTheLog() {
        ClusterSettings settings = ClusterSettings.read(new Settings(Map.of("relay.cluster.redisUrl",
                "redis://relay:s3cret@127.0.0.1:6379/0")::get, n -> null));
        assertEquals("redis://***@127.0.0.1:6379/0", settings.redisUrlForLog());
    }

    /** The node's streams are these now, and it beats. */
    static List<StopRequest> beat(Cluster node, List<ClusterStream> streams) {
        node.publishes(() -> streams);
        return node.beat();
    }

    private static Cluster cluster(Map<String, String> settings) {
        return Cluster.of(ClusterSettings.read(new Settings(settings::get, n -> null)));
    }
}
