package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Streams live side by side. Each holds two tasks for its whole life (stdin writer, output reader), so a server
 * whose executor runs only a few tasks at once and queues the rest (WildFly's default: two per core) would
 * leave the third stream waiting for "started" until another ends.
 */
class ConcurrentStreamsIT extends DeployedRelay {

    private static final int STREAMS = 3;
    private static final Duration CHUNK = Duration.ofMillis(250);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void threeStreamsStartAndRelayAtTheSameTime() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        List<RtmpSink> sinks = new ArrayList<>();
        List<RelayClient> clients = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(STREAMS);
        try {
            for (int i = 0; i < STREAMS; i++) {
                RtmpSink sink = RtmpSink.start(Files.createTempDirectory("sink"), "concurrent-" + i + "-0123456789");
                sinks.add(sink);
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base));
                clients.add(client);
                client.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 1_500_000));
            }
            // every stream is running before any media flows: none may wait for another to end
            for (RelayClient client : clients) {
                assertEquals("copy", client.awaitMessage("started", WAIT).getString("mode"));
            }
            assertEquals(STREAMS, FfmpegProcesses.relayFfmpegs().size());

            List<Future<?>> sent = new ArrayList<>();
            for (RelayClient client : clients) {
                sent.add(senders.submit(() -> {
                    client.streamRealtime(fixture, CHUNK);
                    client.sendStop();
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            for (RelayClient client : clients) {
                client.awaitMessage("destroyed", WAIT);
                assertEquals(1000, client.awaitClose(WAIT));
                assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
            }
            for (RtmpSink sink : sinks) {
                MediaInfo received = Ffprobe.probe(sink.awaitRecording(WAIT));
                assertEquals("h264", received.videoCodec());
                assertEquals(fixture.frameCount(), received.videoPackets(), "a copy keeps every frame");
            }
        } finally {
            senders.shutdownNow();
            clients.forEach(RelayClient::close);
            sinks.forEach(RtmpSink::close);
        }
    }
}
