package io.liverelay.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.ServerJvm;
import io.liverelay.testsupport.SilentTcpServer;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR goes away with streams live: every ffmpeg must be gone within seconds, also one stuck in an RTMP
 * handshake that would never notice its input closing. With Payara Micro, Arquillian's undeploy stops the
 * server (SIGTERM to its JVM), so this is "the server is stopped"; the ffmpegs, orphaned by then, are watched
 * by pid because they no longer descend from this JVM.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServerStopIT {

    private static final String RELAY = "relay";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** relay.stop.graceSeconds (5 in the tests), then SIGKILL, plus slack for a loaded machine. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = RELAY, managed = false, testable = false)
    static WebArchive deployment() {
        return RelayDeployment.war();
    }

    @Test
    void everyFfmpegIsGoneSoonAfterTheServerStopsWithStreamsLive() throws Exception {
        deployer.deploy(RELAY);
        ServerJvm server = ServerJvm.payaraMicro();
        URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/" + RELAY + "/stream");
        List<ProcessHandle> ffmpegs = new ArrayList<>();
        try (RtmpSink sink = RtmpSink.start(Files.createTempDirectory("sink"), "live-at-stop-0123456789");
                SilentTcpServer stuckIngest = SilentTcpServer.listen("127.0.0.1");
                RelayClient flowing = RelayClient.connect(ws);
                RelayClient stuck = RelayClient.connect(ws)) {
            flowing.sendStart(config(sink.url()));
            flowing.awaitMessage("started", WAIT);
            ffmpegs.add(Harness.theOnlyNew(Set.of()));
            Thread browser = new Thread(() -> flowing.streamRealtime(MediaFixtures.h264Opus(), Canary.CHUNK));
            browser.setDaemon(true);
            browser.start();
            flowing.awaitMessage("progress", WAIT);

            stuck.sendStart(config("rtmp://127.0.0.1:" + stuckIngest.port() + "/live/stuck-0123456789"));
            stuck.awaitMessage("started", WAIT);
            ffmpegs.add(Harness.theOnlyNew(Set.of(ffmpegs.get(0).pid())));
            stuck.sendBinary(Arrays.copyOf(Files.readAllBytes(MediaFixtures.h264Opus().path()), 256 * 1024));
            awaitConnected(stuckIngest);

            long stoppedAt = System.nanoTime();
            deployer.undeploy(RELAY);
            Harness.awaitExit(server.process(), WAIT);
            long serverGone = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
            for (ProcessHandle ffmpeg : ffmpegs) {
                Harness.awaitExit(ffmpeg, GONE_WITHIN.minusNanos(System.nanoTime() - stoppedAt));
            }
            System.out.println("server stop: the JVM was gone after " + serverGone + " ms, both ffmpegs after "
                    + Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis() + " ms");
        } finally {
            // an orphan must not outlive the test, whatever it proved
            ffmpegs.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        FfmpegProcesses.awaitNone(Duration.ofSeconds(5));
    }

    private static jakarta.json.JsonObject config(String rtmp) {
        return Harness.config(rtmp, MediaFixtures.h264Opus().mimeType());
    }

    // ffmpeg has read its input's header and now waits for an RTMP handshake that never comes
    private static void awaitConnected(SilentTcpServer ingest) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ingest.connections() == 0 && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofMillis(50));
        }
        assertTrue(ingest.connections() > 0, "ffmpeg never reached the stuck ingest");
    }
}
