package io.liverelay.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.AdminClient;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.NginxBalancer;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.RedisServer;
import io.liverelay.testsupport.RelayClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Payara Micro nodes sharing a real redis-server, nginx in front of them as the load balancer, nginx-rtmp as
 * the ingest, all on 127.0.0.1: streams sent through the balancer land on both nodes; either node's admin API
 * lists all of them; the cluster-wide limit refuses a start past it on whichever node receives it; an operator's
 * stop through node a ends a stream on node b with its recording complete, and one through node a of one
 * destination of a stream on node b stops that one alone; node b killed with SIGKILL leaves
 * node a's view, and its slots are free, within the expiry; the store stopped makes node a unready and its view
 * stale while its starts go on, and its return makes it ready again; so does its ffmpeg made unusable and back.
 */
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LIMIT = 3;
    private static final Duration EXPIRY = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @TempDir
    static Path dir;

    private static RedisServer redis;
    private static NginxRtmp ingest;
    private static PayaraMicro a;
    private static PayaraMicro b;
    private static NginxBalancer balancer;
    private static final List<RelayClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = RedisServer.start(dir.resolve("redis"));
        ingest = NginxRtmp.start(dir.resolve("ingest"));
        CompletableFuture<PayaraMicro> first = CompletableFuture.supplyAsync(() -> node("a"));
        CompletableFuture<PayaraMicro> second = CompletableFuture.supplyAsync(() -> node("b"));
        a = first.join();
        b = second.join();
        balancer = NginxBalancer.start(dir.resolve("balancer"), List.of(a.baseUri().getPort(), b.baseUri().getPort()));
    }

    @AfterAll
    static void stopCluster() {
        clients.forEach(RelayClient::close);
        for (AutoCloseable server : Arrays.asList(balancer, b, a, ingest, redis)) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // the rest still stop
            }
        }
    }

    private static PayaraMicro node(String name) {
        Map<String, String> options = new LinkedHashMap<>(PayaraMicro.arquillianOptions());
        options.put("relay.ffmpeg.path", ffmpegOf(name).toString());
        options.putAll(Map.of("relay.cluster.redisUrl", redis.url(), "relay.cluster.nodeName", name,
                "relay.cluster.maxFfmpegInstances", Integer.toString(LIMIT),
                "relay.cluster.heartbeatMillis", Long.toString(HEARTBEAT.toMillis()),
                "relay.cluster.expirySeconds", Long.toString(EXPIRY.toSeconds()),
                // the streams go quiet once their media is sent: neither silence nor idleness ends them here
                "relay.ws.idleTimeoutSeconds", "0", "relay.mediaTimeoutSeconds", "0",
                // the whole fixture is sent at once: room for all of it, whatever ffmpeg made it weigh
                "relay.queue.maxBytes", Integer.toString(32 * 1024 * 1024)));
        return PayaraMicro.startWithTestUsers(dir.resolve(name), options);
    }

    @Test
    void twoNodesBehindOneBalancerActAsOneRelay() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        Map<String, String> keyOf = new HashMap<>();
        for (int i = 0; i < LIMIT; i++) {
            String key = "cluster-" + i + "-0123456789";
            String id = start(balancer.baseUri(), key, fixture).getString("id");
            keyOf.put(id, key);
        }

        // either node lists every stream, each with the node that runs it; round robin used both
        for (PayaraMicro node : List.of(a, b)) {
            JsonObject view = awaitView(node, v -> liveOn(v, "a") + liveOn(v, "b") == LIMIT);
            assertEquals(List.of("a", "b"), view.getJsonArray("nodes").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList());
            assertTrue(liveOn(view, "a") >= 1 && liveOn(view, "b") >= 1, "the balancer used both nodes: " + view);
            assertTrue(!view.toString().contains("0123456789"), "no stream key in the admin view");
        }

        // past the cluster's limit, on whichever node the start lands (round robin: both, in two tries)
        for (int i = 0; i < 2; i++) {
            RelayClient over = connect(balancer.baseUri());
            over.sendStart(RelayDeployment.startConfig(ingest.url("over-" + i), fixture, 1_500_000));
            JsonObject error = over.awaitMessage("error", WAIT);
            assertEquals("TOO_MANY_STREAMS", error.getJsonObject("error").getString("name"), error::toString);
            over.close();
        }

        // an operator's stop through node a ends a stream that runs on node b; the ingest has all of it
        JsonObject onB = streamsOn(awaitView(a, v -> true), "b").get(0);
        String id = onB.getString("uuid");
        HttpResponse<String> stop = admin(a).delete("api/admin/cluster/streams/" + id);
        assertEquals(202, stop.statusCode(), stop.body());
        RelayClient stopped = clients.stream().filter(c -> id.equals(idOf(c))).findFirst().orElseThrow();
        assertTrue(stopped.awaitMessage("destroyed", WAIT) != null, "the browser hears that its stream ended");
        Path recording = ingest.awaitRecording(keyOf.get(id), WAIT);
        assertEquals(fixture.frameCount(), Ffprobe.probe(recording).videoPackets(), "every frame reached the ingest");

        // one destination of a stream on node b, stopped through node a: that one stops, the other goes on
        awaitView(a, v -> liveOn(v, "a") + liveOn(v, "b") == LIMIT - 1);
        JsonObject two = Json.createObjectBuilder(RelayDeployment.startConfig(ingest.url("cluster-two"), fixture,
                1_500_000)).add("rtmp", Json.createArrayBuilder(List.of(ingest.url("cluster-two"),
                        ingest.url("cluster-two-d2")))).build();
        String twoId = startWith(b.baseUri(), two, fixture).getString("id");
        RelayClient twoClient = clients.stream().filter(c -> twoId.equals(idOf(c))).findFirst().orElseThrow();
        awaitDestinations(twoClient, List.of("live", "live"));
        awaitView(a, v -> streamsOn(v, "b").stream().anyMatch(s -> twoId.equals(s.getString("uuid"))));
        HttpResponse<String> stopOne = admin(a).delete("api/admin/cluster/streams/" + twoId + "/destinations/1");
        assertEquals(202, stopOne.statusCode(), stopOne.body());
        awaitDestinations(twoClient, List.of("live", "stopped"));
        twoClient.sendStop();
        twoClient.awaitMessage("destroyed", WAIT);
        assertTrue(twoClient.errors().isEmpty(), () -> "errors: " + twoClient.errors());
        assertEquals(fixture.frameCount(), Ffprobe.probe(ingest.awaitRecording("cluster-two", WAIT)).videoPackets(),
                "the destination that was not stopped got every frame");

        // its slot is free again, for a start on either node
        awaitView(a, v -> liveOn(v, "a") + liveOn(v, "b") == LIMIT - 1);
        start(balancer.baseUri(), "cluster-again", fixture);

        // node b dies: node a's view drops it and its streams, and its slots serve node a
        int onA = liveOn(awaitView(a, v -> liveOn(v, "a") + liveOn(v, "b") == LIMIT), "a");
        long killed = System.nanoTime();
        b.kill();
        awaitView(a, v -> !v.getJsonArray("nodes").toString().contains("\"b\"") && liveOn(v, "b") == 0);
        Duration gone = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("cluster: node b left node a's view %d ms after SIGKILL (expiry %d s)%n", gone.toMillis(),
                EXPIRY.toSeconds());
        assertTrue(gone.compareTo(EXPIRY.plus(HEARTBEAT.multipliedBy(4))) <= 0, "gone after " + gone.toMillis() + " ms");
        for (int i = onA; i < LIMIT; i++) {
            start(a.baseUri(), "cluster-after-" + i, fixture);
        }
        RelayClient over = connect(a.baseUri());
        over.sendStart(RelayDeployment.startConfig(ingest.url("over-after"), fixture, 1_500_000));
        assertEquals("TOO_MANY_STREAMS", over.awaitMessage("error", WAIT).getJsonObject("error").getString("name"));

        // the store goes away: node a is not ready, its view is stale, and it goes on within its own limits
        assertEquals(200, health(a).statusCode());
        redis.stop();
        HttpResponse<String> unready = health(a);
        assertEquals(503, unready.statusCode(), unready.body());
        assertTrue(unready.body().contains("cluster-store"), unready.body());
        assertTrue(awaitView(a, v -> v.getBoolean("stale")).getBoolean("stale"));
        start(a.baseUri(), "cluster-alone", fixture);

        // and comes back empty: ready again, and the beats fill it with node a's streams and slots
        redis.restart();
        awaitView(a, v -> !v.getBoolean("stale") && liveOn(v, "a") == LIMIT + 1);
        assertEquals(200, health(a).statusCode());

        // node a's ffmpeg made unusable: not ready, saying why; back: ready again
        Path ffmpeg = ffmpegOf("a");
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(ffmpeg);
        Files.setPosixFilePermissions(ffmpeg, Set.of(PosixFilePermission.OWNER_READ));
        try {
            HttpResponse<String> noFfmpeg = health(a);
            assertEquals(503, noFfmpeg.statusCode(), noFfmpeg.body());
            assertTrue(noFfmpeg.body().contains("no longer executable"), noFfmpeg.body());
        } finally {
            Files.setPosixFilePermissions(ffmpeg, mode);
        }
        assertEquals(200, health(a).statusCode());
    }

    /** Each node runs its own copy of the system's ffmpeg, so a test can take it away. */
    private static Path ffmpegOf(String node) {
        try {
            Path copy = dir.resolve("ffmpeg-" + node).resolve("ffmpeg");
            Files.createDirectories(copy.getParent());
            if (!Files.exists(copy)) {
                Files.copy(io.liverelay.testsupport.Tools.ffmpeg(), copy);
            }
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> health(PayaraMicro node) throws Exception {
        return AdminClient.anonymous(node.baseUri().toURL()).get("health/ready");
    }

    /** Starts a stream, sends the whole fixture at once, and returns the {@code started} message. */
    private static JsonObject start(URI base, String key, Fixture fixture) throws Exception {
        return startWith(base, RelayDeployment.startConfig(ingest.url(key), fixture, 1_500_000), fixture);
    }

    private static JsonObject startWith(URI base, JsonObject config, Fixture fixture) throws Exception {
        RelayClient client = connect(base);
        client.sendStart(config);
        JsonObject started = client.awaitMessage("started", WAIT);
        assertTrue(started != null, "started: " + client.messages());
        byte[] media = Files.readAllBytes(fixture.path());
        for (int from = 0; from < media.length; from += 256 * 1024) {
            client.sendBinary(Arrays.copyOfRange(media, from, Math.min(media.length, from + 256 * 1024)));
        }
        return started;
    }

    private static RelayClient connect(URI base) throws Exception {
        RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base.toURL()));
        clients.add(client);
        return client;
    }

    /** Waits until the latest list of destinations the browser was told (in any message) has these states. */
    private static void awaitDestinations(RelayClient client, List<String> states) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> last = List.of();
        do {
            last = client.messages().stream().filter(m -> m.containsKey("destinations"))
                    .reduce((first, second) -> second)
                    .map(m -> m.getJsonArray("destinations").getValuesAs(JsonObject.class).stream()
                            .map(d -> d.getString("state")).toList())
                    .orElse(List.of());
            if (last.equals(states)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the destinations never became " + states + ": last " + last);
    }

    private static String idOf(RelayClient client) {
        return client.messages().stream().filter(m -> "started".equals(m.getString("type", ""))).findFirst()
                .map(m -> m.getString("id")).orElse(null);
    }

    private static AdminClient admin(PayaraMicro node) throws Exception {
        URL base = node.baseUri().toURL();
        return AdminClient.as(base, AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
    }

    private static JsonObject awaitView(PayaraMicro node, Predicate<JsonObject> until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject view;
        do {
            HttpResponse<String> response = admin(node).get("api/admin/cluster");
            assertEquals(200, response.statusCode(), response.body());
            view = Json.createReader(new StringReader(response.body())).readObject();
            if (until.test(view)) {
                return view;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the cluster view did not come to pass within " + WAIT + ": " + view);
    }

    private static List<JsonObject> streamsOn(JsonObject view, String node) {
        return view.getJsonArray("streams").getValuesAs(JsonObject.class).stream()
                .filter(s -> node.equals(s.getString("node")) && s.getBoolean("live")).toList();
    }

    private static int liveOn(JsonObject view, String node) {
        return streamsOn(view, node).size();
    }
}
