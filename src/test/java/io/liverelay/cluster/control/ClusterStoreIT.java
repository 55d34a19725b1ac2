package io.liverelay.cluster.control;

import static io.liverelay.cluster.control.ClusterTest.beat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.config.control.Settings;
import io.liverelay.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (two {@link Cluster}s, as two servers hold them) against a real redis-server on 127.0.0.1: what one
 * publishes the other lists, the shared slot limit holds across them, a node that stops beating vanishes with its
 * slots, a stop request (of a stream, or of one destination) reaches its node once, and the store going away and coming back loses nothing.
 */
class ClusterStoreIT {

    private static final Duration EXPIRY = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<Cluster> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start(dir);
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(Cluster::stop);
        redis.close();
    }

    @Test
    void eachNodeListsEveryNodesStreams() {
        Cluster a = node("a", 0);
        Cluster b = node("b", 0);
        beat(a, List.of(stream("a", "s1", "alice", true)));
        beat(b, List.of(stream("b", "s2", "alice", true), stream("b", "s3", "bob", false)));

        for (Cluster reader : List.of(a, b)) {
            ClusterView view = reader.view();
            assertFalse(view.stale());
            assertEquals(List.of("a", "b"), view.nodes());
            assertEquals(Map.of("s1", "a", "s2", "b", "s3", "b"), byId(view));
            assertEquals(2, view.liveStreamsOf("alice"), "alice is live on both nodes");
            assertEquals(0, view.liveStreamsOf("bob"), "bob connected but has not started");
        }
        beat(b, List.of());
        assertEquals(Map.of("s1", "a"), byId(a.view()), "an ended stream leaves the view at its node's next beat");
    }

    @Test
    void theSharedLimitHoldsAcrossNodesAndAFreedSlotIsUsableAnywhere() {
        Cluster a = node("a", 3);
        Cluster b = node("b", 3);
        assertTrue(a.takeSlot());
        assertTrue(a.takeSlot());
        assertTrue(b.takeSlot());
        assertFalse(b.takeSlot(), "the fourth start, on either node");
        assertFalse(a.takeSlot());
        a.releaseSlot();
        assertTrue(b.takeSlot(), "a slot freed on node a serves node b");
        assertFalse(a.takeSlot());
    }

    @Test
    void aNodeThatStopsBeatingVanishesWithItsSlotsWithinTheExpiry() {
        Cluster a = node("a", 2);
        Cluster b = node("b", 2);
        beat(a, List.of());
        beat(b, List.of(stream("b", "s1", null, true)));
        assertTrue(b.takeSlot());
        assertTrue(b.takeSlot());
        assertFalse(a.takeSlot(), "node b holds both");

        long died = System.nanoTime(); // b stops beating: a SIGKILL or a network cut, as node a sees it
        await(() -> {
            beat(a, List.of());
            return !a.view().nodes().contains("b");
        }, EXPIRY.multipliedBy(3), "node b gone from node a's view");
        Duration gone = Duration.ofNanos(System.nanoTime() - died);
        assertTrue(gone.compareTo(EXPIRY.plusSeconds(1)) <= 0, "gone after " + gone.toMillis() + " ms");
        assertEquals(Map.of(), byId(a.view()));
        assertTrue(a.takeSlot(), "node b's slots are free");
        assertTrue(a.takeSlot());
    }

    @Test
    void aStopRequestReachesTheNodeThatRunsTheStreamOnce() {
        Cluster a = node("a", 0);
        Cluster b = node("b", 0);
        beat(b, List.of(stream("b", "s1", null, true)));
        a.requestStop("b", StopRequest.ofStream("s1"));
        assertEquals(List.of(), beat(a, List.of()), "not node a's");
        assertEquals(List.of(StopRequest.ofStream("s1")), beat(b, List.of(stream("b", "s1", null, true))));
        assertEquals(List.of(), beat(b, List.of()), "asked once, stopped once");
    }

    @Test
    void aDestinationsStopReachesTheNodeOnceWithItsNumber() {
        Cluster a = node("a", 0);
        Cluster b = node("b", 0);
        beat(b, List.of(stream("b", "s1", null, true)));
        a.requestStop("b", StopRequest.ofDestination("s1", 2));
        a.requestStop("b", StopRequest.ofDestination("s1", 0));
        assertEquals(List.of(), beat(a, List.of()), "not node a's");
        assertEquals(List.of(StopRequest.ofDestination("s1", 2), StopRequest.ofDestination("s1", 0)),
                beat(b, List.of(stream("b", "s1", null, true))), "each destination's, in the order asked");
        assertEquals(List.of(), beat(b, List.of(stream("b", "s1", null, true))), "asked once, stopped once");
    }

    @Test
    void whenTheStoreIsAwayNodesGoOnAloneAndCatchUpWhenItReturns() {
        Cluster a = node("a", 2);
        Cluster b = node("b", 2);
        beat(a, List.of(stream("a", "s1", null, true)));
        beat(b, List.of(stream("b", "s9", null, true)));
        assertTrue(a.takeSlot());
        assertTrue(a.reachable());
        assertEquals(2, a.view().streams().size());

        redis.stop();
        assertFalse(a.reachable());
        ClusterView stale = a.view();
        assertTrue(stale.stale(), "the view says it is stale");
        assertEquals(Map.of("s1", "a", "s9", "b"), byId(stale), "and keeps the last good read");
        assertTrue(a.takeSlot(), "starts go on within the node's own limits");
        assertEquals(List.of(), beat(a, List.of(stream("a", "s1", null, true), stream("a", "s2", null, true))));
        assertEquals(Map.of("s1", "a", "s2", "a", "s9", "b"), byId(a.view()), "its own streams stay current");

        redis.restart(); // an empty store, as after a Redis restart without persistence
        await(a::reachable, Duration.ofSeconds(10), "the store answers again");
        beat(a, List.of(stream("a", "s1", null, true), stream("a", "s2", null, true)));
        beat(b, List.of(stream("b", "s9", null, true)));
        ClusterView back = b.view();
        assertFalse(back.stale());
        assertEquals(Map.of("s1", "a", "s2", "a", "s9", "b"), byId(back));
        assertFalse(b.takeSlot(), "node a's two slots, taken while the store was away, count again");
    }

    private Cluster node(String name, int maxFfmpeg) {
        Map<String, String> settings = new HashMap<>(Map.of("relay.cluster.redisUrl", redis.url(),
                "relay.cluster.nodeName", name, "relay.cluster.heartbeatMillis", "200",
                "relay.cluster.expirySeconds", Long.toString(EXPIRY.toSeconds()),
                "relay.cluster.maxFfmpegInstances", Integer.toString(maxFfmpeg)));
        Cluster node = Cluster.of(ClusterSettings.read(new Settings(settings::get, n -> null)));
        nodes.add(node);
        return node;
    }

    private static ClusterStream stream(String node, String id, String user, boolean live) {
        return new ClusterStream(node, id, user, live, "{\"uuid\":\"" + id + "\"}");
    }

    private static Map<String, String> byId(ClusterView view) {
        Map<String, String> nodes = new HashMap<>();
        view.streams().forEach(s -> nodes.put(s.id(), s.node()));
        return nodes;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
