package io.liverelay.admin.boundary;

import io.liverelay.testsupport.AdminClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.DeployedRelay;
import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API answers operators only, never changes anything on GET, stops on DELETE, and leaks no key. */
public class AdminSecurityIT extends DeployedRelay {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"api/admin/connections", "api/admin/summary", "api/admin/connections/x", "api/admin/cluster",
        "admin.html"})
    void anonymousGets401AndAUserWithoutTheRole403(String path) throws Exception {
        assertEquals(401, AdminClient.anonymous(base).get(path).statusCode());
        assertEquals(403, AdminClient.as(base, AdminClient.VIEWER, AdminClient.VIEWER_PASSWORD).get(path).statusCode());
        assertEquals(401, AdminClient.as(base, AdminClient.ADMIN, "wrong password").get(path).statusCode());
    }

    @Test
    void nobodyButAnOperatorCanStopAStream() throws Exception {
        assertEquals(401, AdminClient.anonymous(base).delete("api/admin/connections/x").statusCode());
        assertEquals(403, AdminClient.as(base, AdminClient.VIEWER, AdminClient.VIEWER_PASSWORD)
                .delete("api/admin/connections/x").statusCode());
        assertEquals(404, admin().delete("api/admin/connections/no-such-stream").statusCode());
        assertEquals(401, AdminClient.anonymous(base).delete("api/admin/cluster/streams/x").statusCode());
        assertEquals(403, AdminClient.as(base, AdminClient.VIEWER, AdminClient.VIEWER_PASSWORD)
                .delete("api/admin/cluster/streams/x").statusCode());
        assertEquals(404, admin().delete("api/admin/cluster/streams/no-such-stream").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/admin/connections/x/destinations/0", "api/admin/cluster/streams/x/destinations/0"})
    void nobodyButAnOperatorCanStopADestination(String path) throws Exception {
        assertEquals(401, AdminClient.anonymous(base).delete(path).statusCode());
        assertEquals(403, AdminClient.as(base, AdminClient.VIEWER, AdminClient.VIEWER_PASSWORD).delete(path)
                .statusCode());
        assertEquals(404, admin().delete(path.replace("/x/", "/no-such-stream/")).statusCode());
    }

    @Test
    void anOperatorSeesTheLiveStreamWithoutItsKeyAndStopsIt() throws Exception {
        String key = "canary-" + Long.toHexString(System.nanoTime()) + "-secret";
        Fixture fixture = MediaFixtures.h264Opus();
        Path dir = Files.createTempDirectory("sink");
        try (RtmpSink sink = RtmpSink.start(dir, key);
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(config(sink.url(), fixture));
            String id = client.awaitMessage("started", WAIT).getString("id");
            // ffmpeg reports progress only while media flows, so the browser keeps sending meanwhile
            Thread browser = new Thread(() -> client.streamRealtime(fixture, Duration.ofMillis(250)));
            browser.start();
            awaitFrames(id);

            HttpResponse<String> list = admin().get("api/admin/connections");
            HttpResponse<String> one = admin().get("api/admin/connections/" + id);
            HttpResponse<String> summary = admin().get("api/admin/summary");
            HttpResponse<String> cluster = awaitClusterLists(id);
            for (HttpResponse<String> response : java.util.List.of(list, one, summary, cluster)) {
                assertEquals(200, response.statusCode(), response.body());
                assertFalse(response.body().contains(key), "the stream key leaked: " + response.body());
            }
            JsonObject status = json(one.body()).asJsonObject();
            assertEquals(id, status.getString("uuid"));
            assertTrue(java.net.InetAddress.getByName(status.getString("remoteAddress")).isLoopbackAddress(),
                    "the browser's address: " + status.getString("remoteAddress"));
            JsonObject ffmpeg = status.getJsonObject("ffmpeg");
            assertEquals("RUNNING", ffmpeg.getString("status"));
            assertEquals("copy", ffmpeg.getString("mode"));
            assertTrue(ffmpeg.getJsonNumber("framesSent").longValue() > 0, status.toString());
            assertTrue(ffmpeg.getJsonObject("options").getString("rtmp").contains("…"), status.toString());
            // its one destination is listed as each of several would be, under the same masked URL
            assertEquals(1, status.getJsonArray("destinations").size(), status.toString());
            assertEquals(ffmpeg.getJsonObject("options").getString("rtmp"),
                    status.getJsonArray("destinations").getJsonObject(0).getString("url"));
            assertEquals(1, json(summary.body()).asJsonObject().getInt("activeStreams"));
            assertTrue(json(list.body()).asJsonArray().stream()
                    .anyMatch(c -> c.asJsonObject().getString("uuid").equals(id)));

            assertEquals(1, FfmpegProcesses.relayFfmpegs().size(), "GETs stop nothing");
            // a stream here answers the cluster's destination stop as the node's own does: its only one is refused
            assertEquals(409, admin().delete("api/admin/cluster/streams/" + id + "/destinations/0").statusCode());
            assertEquals(404, admin().delete("api/admin/cluster/streams/" + id + "/destinations/3").statusCode());
            assertEquals(204, admin().delete("api/admin/connections/" + id).statusCode());
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("STOPPED_BY_ADMIN", error.getString("name"));
            assertFalse(error.getBoolean("fatal"));
            client.awaitMessage("destroyed", WAIT);
            browser.join(WAIT.toMillis());
            java.util.List<String> states = client.messages().stream()
                    .filter(m -> m.getString("type").equals("destinations"))
                    .map(m -> m.getJsonArray("destinations").getJsonObject(0).getString("state")).toList();
            assertTrue(states.contains("live") && states.get(states.size() - 1).equals("ended"), "states: " + states);
            assertEquals(404, admin().get("api/admin/connections/" + id).statusCode());
            assertFalse(client.messages().toString().contains(key), "the key reached the client");
        }
        assertKeyNotInServerLog(key);
    }

    private void awaitFrames(String id) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject status = json(admin().get("api/admin/connections/" + id).body()).asJsonObject();
            if (status.getJsonObject("ffmpeg").getJsonNumber("framesSent").longValue() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no frame reached the sink within " + WAIT);
    }

    /** Searches the server's log and its rotated files; each Maven profile names its server's log. */
    private static void assertKeyNotInServerLog(String key) throws Exception {
        Path log = Path.of(System.getProperty("relay.it.serverLog",
                Path.of(System.getProperty("relay.it.basedir", "."), "target", "payara-micro.log").toString()));
        try (var logs = Files.list(log.getParent())) {
            var files = logs.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString())).toList();
            assertFalse(files.isEmpty(), "the server log must exist to be searched: " + log);
            for (Path file : files) {
                assertFalse(Files.readString(file).contains(key), "the stream key is in " + file);
            }
        }
    }

    private AdminClient admin() {
        return AdminClient.as(base, AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
    }

    static jakarta.json.JsonValue json(String body) {
        return Json.createReader(new StringReader(body)).readValue();
    }

    static JsonObject config(String rtmp, Fixture fixture) {
        return Json.createObjectBuilder().add("rtmp", rtmp).add("mimeType", fixture.mimeType())
                .add("framerate", fixture.fps()).add("audioSampleRate", 44100).build();
    }

    /** The cluster view of a node on its own lists the stream within a heartbeat. */
    private HttpResponse<String> awaitClusterLists(String id) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> cluster;
        do {
            cluster = admin().get("api/admin/cluster");
            if (cluster.statusCode() == 200 && cluster.body().contains(id)) {
                return cluster;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the cluster view does not list " + id + ": " + cluster.body());
    }
}
