package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.TcpProxy;
import io.liverelay.testsupport.VideoPackets;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One destination accepts the connection and then takes nothing more: the other stays in real time and gets every
 * frame, the slow one skips (and counts) what it cannot take, its connection is ended after
 * relay.rtmp.timeoutSeconds, and it comes back. A server of its own, with a small backlog and a short timeout.
 */
class SlowDestinationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aDestinationThatStopsReadingCostsTheOtherNothing() throws Exception {
        Path dir = Files.createTempDirectory("slow-destination");
        Fixture fixture = MediaFixtures.h264Opus();
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        options.put("relay.destination.backlogBytes", Integer.toString(1024 * 1024));
        options.put("relay.rtmp.timeoutSeconds", "3");
        try (PayaraMicro server = PayaraMicro.start(dir.resolve("payara"), options);
                NginxRtmp nginx = NginxRtmp.start(dir.resolve("nginx"));
                TcpProxy proxy = TcpProxy.to(nginx.port());
                RtmpSink staying = RtmpSink.start(dir, "staying-key-0123456789");
                RelayClient client = RelayClient.connect(URI.create("ws://127.0.0.1:" + server.baseUri().getPort()
                        + "/relay/stream"))) {
            String slowUrl = "rtmp://127.0.0.1:" + proxy.port() + "/live/slow-key-0123456789";
            client.sendStart(SimulcastIT.config(fixture, staying.url(), slowUrl));
            client.awaitMessage("started", WAIT);
            Thread browser = new Thread(() -> client.streamRealtime(fixture, Duration.ofMillis(250)));
            browser.start();
            SimulcastIT.awaitState(client, 1, "live");

            proxy.stopReading(); // the server accepted the connection and takes nothing more
            SimulcastIT.awaitState(client, 1, "reconnecting");
            proxy.readAgain();
            browser.join(WAIT.toMillis());
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "a slow destination is not the stream's error: "
                    + client.errors());

            JsonObject slow = last(client).getJsonArray("destinations").getJsonObject(1);
            assertTrue(slow.getJsonNumber("skippedBytes").longValue() > 0, "its skipped media is counted: " + slow);
            assertTrue(slow.getInt("reconnects") >= 1, slow.toString());
            assertTrue(server.log().contains("destination 2 took nothing for 3 s"), "the stall was noticed and ended");
            assertTrue(SimulcastIT.states(client, 1).contains("reconnecting"), SimulcastIT.states(client, 1).toString());
            assertTrue(proxy.accepted() >= 2, "it connected again after its connection was ended");

            MediaInfo whole = Ffprobe.probe(staying.awaitRecording(WAIT));
            assertTrue(Math.abs(whole.videoPackets() - fixture.frameCount()) <= 1,
                    "the other destination got " + whole.videoPackets() + " of " + fixture.frameCount());
            double gap = VideoPackets.of(staying.recording()).longestGap();
            assertTrue(gap < 0.1, "the other destination stayed in real time, its largest gap was " + gap + " s");
            assertTrue(SimulcastIT.states(client, 0).stream().noneMatch(s -> s.equals("reconnecting")),
                    "the other destination never noticed: " + SimulcastIT.states(client, 0));
        } finally {
            FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
        }
    }

    private static JsonObject last(RelayClient client) {
        return client.messages().stream().filter(m -> m.getString("type").equals("destinations"))
                .reduce((a, b) -> b).orElseThrow();
    }
}
