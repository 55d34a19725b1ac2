package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR undeployed while streams are live, on a server that goes on running (WildFly; Payara Micro's Arquillian
 * connector undeploys by stopping the whole JVM, which {@code ServerStopIT} covers). Every stream stops as after a
 * {@code stop}: each ffmpeg gets end of input and finishes its FLV, none is killed, and the recordings at the sinks
 * hold what was sent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UndeployIT {

    private static final String NAME = "undeployed";
    private static final int STREAMS = 3;
    private static final Duration CHUNK = Duration.ofMillis(250);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** relay.stop.graceSeconds (arquillian.xml) and relay.stop.terminateSeconds (default). */
    private static final Duration GRACE = Duration.ofSeconds(5 + 3);
    private static final Duration STREAMED_BEFORE_UNDEPLOY = Duration.ofSeconds(4);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    public static WebArchive deployment() {
        return RelayDeployment.war();
    }

    @BeforeAll
    static void onlyWhereTheServerOutlivesTheWar() {
        assumeTrue("wildfly".equals(System.getProperty("arquillian.launch")),
                "undeploy keeps the server running on WildFly only; Payara Micro's connector stops the JVM");
    }

    @Test
    void undeployWithLiveStreamsEndsEveryFfmpegGracefullyAndTheRecordingsAreComplete() throws Exception {
        deployer.deploy(NAME);
        int port = 8080 + Integer.getInteger("wildfly.port.offset", 0);
        URI ws = URI.create("ws://127.0.0.1:" + port + "/relay/stream");
        Fixture fixture = MediaFixtures.h264Opus();
        List<RtmpSink> sinks = new ArrayList<>();
        List<RelayClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(STREAMS);
        boolean deployed = true;
        try {
            for (int i = 0; i < STREAMS; i++) {
                RtmpSink sink = RtmpSink.start(Files.createTempDirectory("sink"), "undeploy-" + i + "-0123456789");
                sinks.add(sink);
                RelayClient client = RelayClient.connect(ws);
                clients.add(client);
                client.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 1_500_000));
                ids.add(client.awaitMessage("started", WAIT).getString("id"));
            }
            for (RelayClient client : clients) {
                senders.submit(() -> client.streamRealtime(fixture, CHUNK)); // still sending during the undeploy
            }
            Thread.sleep(STREAMED_BEFORE_UNDEPLOY.toMillis());

            long begin = System.nanoTime();
            deployer.undeploy(NAME);
            deployed = false;
            Duration undeploy = Duration.ofNanos(System.nanoTime() - begin);
            System.out.println("undeploy with " + STREAMS + " live streams took " + undeploy.toMillis() + " ms");

            FfmpegProcesses.awaitNone(Duration.ofSeconds(2)); // none outlives the WAR
            assertTrue(undeploy.compareTo(GRACE.plusSeconds(5)) < 0, "undeploy waited " + undeploy.toMillis() + " ms");
            String log = Files.readString(Path.of(System.getProperty("relay.it.serverLog")));
            for (String id : ids) {
                assertEquals(1, count(log, "Stream " + id + " ended \\(ffmpeg exit 0, as asked\\)"),
                        "stream " + id + ": its ffmpeg finished on its own after end of input");
            }
            assertEquals(0, count(log, "did not finish in time at shutdown: killed"), "no ffmpeg was killed");
            for (RtmpSink sink : sinks) {
                MediaInfo received = Ffprobe.probe(sink.awaitRecording(WAIT));
                assertEquals("h264", received.videoCodec());
                // what was sent before the undeploy, less what the last partial chunk could not carry
                assertTrue(received.durationSeconds() >= STREAMED_BEFORE_UNDEPLOY.toSeconds() - 1.0,
                        "the recording holds what was sent: " + received);
            }
        } finally {
            senders.shutdownNow();
            clients.forEach(RelayClient::close);
            sinks.forEach(RtmpSink::close);
            if (deployed) {
                deployer.undeploy(NAME);
            }
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
