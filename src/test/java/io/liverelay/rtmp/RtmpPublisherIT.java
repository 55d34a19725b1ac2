package io.liverelay.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import io.liverelay.media.entity.FlvTag;
import io.liverelay.rtmp.control.RtmpPublisher;
import io.liverelay.rtmp.control.RtmpTls;
import io.liverelay.rtmp.entity.RtmpException;
import io.liverelay.rtmp.entity.RtmpException.Failure;
import io.liverelay.rtmp.entity.RtmpTarget;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Loopback;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.Signals;
import io.liverelay.testsupport.SilentTcpServer;
import io.liverelay.testsupport.TestCertificates;
import io.liverelay.testsupport.TlsFront;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java publisher against real servers on 127.0.0.1, no app server: nginx-rtmp recording, ffmpeg's own RTMP
 * server, RTMPS through nginx's TLS front with certificates made at test time, a server that never answers, and one
 * that stops reading mid-stream. Each recording is checked with ffprobe against what was sent.
 */
class RtmpPublisherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path dir;
    private static FlvFixture fixture;
    private static NginxRtmp nginx;
    private static Publishing publishing;

    @BeforeAll
    static void fixtureAndServer() throws IOException {
        dir = Files.createTempDirectory("rtmp-publisher");
        fixture = FlvFixture.load();
        nginx = NginxRtmp.start(dir.resolve("nginx"));
        publishing = new Publishing();
    }

    @AfterAll
    static void stop() {
        try (var a = nginx; var b = publishing) {
            // both closed, even if one fails
        }
    }

    @Test
    void nginxRtmpRecordsEveryFramePublishedInRealTime() throws Exception {
        // a first publish at 8x, unchecked, so that the measured one runs compiled code as a long stream would
        String warmUp = key("warm-up");
        publishing.publish(RtmpPublisher.connect(target(nginx.url(warmUp), "127.0.0.1"), null, TIMEOUT,
                publishing.executor()), fixture.tags(), 8.0);
        String key = key("nginx");
        RtmpPublisher publisher = RtmpPublisher.connect(target(nginx.url(key), "127.0.0.1"), null, TIMEOUT,
                publishing.executor());

        Publishing.Run run = publishing.publish(publisher, fixture.tags(), 1.0);

        assertRecorded("nginx-rtmp", run, nginx.awaitRecording(key, WAIT));
    }

    @Test
    void ffmpegsRtmpServerRecordsEveryFrame() throws Exception {
        String key = key("ffmpeg");
        try (RtmpSink sink = RtmpSink.start(dir.resolve("sink"), key)) {
            RtmpPublisher publisher = RtmpPublisher.connect(target(sink.url(), "127.0.0.1"), null, TIMEOUT,
                    publishing.executor());

            Publishing.Run run = publishing.publish(publisher, fixture.tags(), 4.0);

            assertRecorded("ffmpeg -listen 1", run, sink.awaitRecording(WAIT));
        }
    }

    @Test
    void rtmpsWithATrustedCertificatePublishesAndAnUntrustedOneOrAnotherNameIsRefusedAsTls() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("certificates"));
        SSLSocketFactory trustingTestCa = RtmpTls.trusting(certificates.caCertificate());
        try (TlsFront trusted = TlsFront.start(dir.resolve("trusted"), certificates.trusted(), nginx.port());
                TlsFront selfSigned = TlsFront.start(dir.resolve("self-signed"), certificates.selfSigned(), nginx.port());
                TlsFront wrongName = TlsFront.start(dir.resolve("wrong-name"), certificates.wrongName(), nginx.port())) {
            String key = key("rtmps");
            RtmpPublisher publisher = RtmpPublisher.connect(target(rtmps(trusted, key), "127.0.0.1"), trustingTestCa,
                    TIMEOUT, publishing.executor());
            Publishing.Run run = publishing.publish(publisher, fixture.tags(), 4.0);
            assertRecorded("RTMPS to nginx-rtmp", run, nginx.awaitRecording(key, WAIT));

            refusedAsTls(selfSigned, trustingTestCa, "not signed by an authority");
            refusedAsTls(wrongName, trustingTestCa, "for another name than 'localhost'");
            refusedAsTls(trusted, RtmpTls.trusting(null), "not signed by an authority"); // the JDK's CAs lack ours
        }
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheTimeoutAndAMissingApplicationIsRefused() throws Exception {
        try (SilentTcpServer silent = SilentTcpServer.listen("127.0.0.1")) {
            long start = System.nanoTime();
            RtmpException e = assertThrows(RtmpException.class, () -> RtmpPublisher.connect(
                    target("rtmp://127.0.0.1:" + silent.port() + "/live/silent-key-123", "127.0.0.1"), null,
                    Duration.ofSeconds(2), publishing.executor()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("silent server: %s after %.2f s: %s%n", e.failure(), seconds, e.getMessage());
            assertEquals(Failure.TIMEOUT, e.failure());
            assertTrue(seconds >= 1.9 && seconds < 3, "within the timeout: " + seconds);
            assertTrue(e.getMessage().contains("did not answer within 2 s"), e.getMessage());
            assertFalse(e.refused() || e.tls());
        }

        RtmpException nobody = assertThrows(RtmpException.class, () -> RtmpPublisher.connect(
                target("rtmp://127.0.0.1:" + Loopback.freePort() + "/live/k", "127.0.0.1"), null, TIMEOUT,
                publishing.executor()));
        System.out.println("nothing listening: " + nobody.failure() + ": " + nobody.getMessage());
        assertEquals(Failure.NETWORK, nobody.failure());

        String key = key("no-app");
        RtmpException refused = assertThrows(RtmpException.class, () -> RtmpPublisher.connect(
                target(nginx.url("nope", key), "127.0.0.1"), null, TIMEOUT, publishing.executor()));
        System.out.println("unknown application: " + refused.failure() + ": " + refused.getMessage());
        assertTrue(refused.refused(), refused.getMessage());
        assertTrue(refused.getMessage().contains("'nope'"), refused.getMessage());
        assertFalse(refused.getMessage().contains(key), "no stream key in " + refused.getMessage());
    }

    @Test
    void abortUnblocksASendStuckOnAServerThatStoppedReading() throws Exception {
        String key = key("frozen");
        try (RtmpSink sink = RtmpSink.start(dir.resolve("frozen"), key)) {
            RtmpPublisher publisher = RtmpPublisher.connect(target(sink.url(), "127.0.0.1"), null, TIMEOUT,
                    publishing.executor());
            Signals.freeze(sink.pid());
            try {
                AtomicLong lastSent = new AtomicLong(System.nanoTime());
                CompletableFuture<Throwable> sender = CompletableFuture.supplyAsync(() -> sendForever(publisher, lastSent));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() - lastSent.get() < TimeUnit.SECONDS.toNanos(1)) {
                    assertFalse(sender.isDone(), () -> "the sender ended on its own: " + sender.join());
                    assertTrue(System.nanoTime() < deadline, "send never blocked on a frozen server");
                    Thread.sleep(50);
                }
                System.out.printf("send blocked after %d bytes; aborting%n", publisher.bytesSent());

                long abortedAt = System.nanoTime();
                publisher.abort();
                Throwable failure = sender.get(2, TimeUnit.SECONDS);
                System.out.printf("send failed %.0f ms after abort(): %s%n", (System.nanoTime() - abortedAt) / 1e6,
                        failure);
                assertTrue(failure instanceof IOException, String.valueOf(failure));
                assertTrue(failure.getMessage().contains("aborted by the relay"), failure.getMessage());
                assertEquals("aborted by the relay", publisher.closed().get(2, TimeUnit.SECONDS));
            } finally {
                Signals.thaw(sink.pid());
            }
        }
    }

    @Test
    void aServerThatEndsTheSessionCompletesClosedAndFailsTheNextSend() throws Exception {
        String key = key("ended");
        RtmpSink sink = RtmpSink.start(dir.resolve("ended"), key);
        RtmpPublisher publisher;
        try (sink) {
            publisher = RtmpPublisher.connect(target(sink.url(), "127.0.0.1"), null, TIMEOUT, publishing.executor());
            for (FlvTag tag : fixture.tags().subList(0, 50)) {
                publisher.send(tag);
            }
        }
        String reason = publisher.closed().get(10, TimeUnit.SECONDS);
        System.out.println("server ended the session: " + reason);
        assertTrue(reason.equals("the server closed the connection") || reason.equals("the server reset the connection"),
                reason);
        IOException e = assertThrows(IOException.class, () -> publisher.send(fixture.tags().get(50)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        publisher.close();
    }

    private static Throwable sendForever(RtmpPublisher publisher, AtomicLong lastSent) {
        try {
            for (int loop = 0; ; loop++) {
                int offset = loop * 10_000;
                for (FlvTag tag : fixture.tags()) {
                    publisher.send(tag.at(tag.timestamp() + offset));
                    lastSent.set(System.nanoTime());
                }
            }
        } catch (Throwable e) {
            return e;
        }
    }

    private static void refusedAsTls(TlsFront front, SSLSocketFactory tls, String why) {
        String key = key("refused");
        RtmpException e = assertThrows(RtmpException.class, () -> RtmpPublisher.connect(
                target(rtmps(front, key), "127.0.0.1"), tls, TIMEOUT, publishing.executor()));
        System.out.println("refused: " + e.failure() + ": " + e.getMessage());
        assertTrue(e.tls(), e.failure() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertFalse(e.getMessage().contains(key), "no stream key in " + e.getMessage());
        assertFalse(Files.exists(nginx.recording(key)), "nothing was published");
    }

    private static void assertRecorded(String server, Publishing.Run run, Path recording) {
        MediaInfo info = Ffprobe.probe(recording);
        System.out.printf("%s: sent %d frames (%d bytes) in %.1f s; recorded %d frames, %.2f s, %s %dx%d + %s;"
                + " publisher CPU %.3f s = %.3f CPU-s per stream-minute%n", server, run.frames(), run.bytes(),
                run.wallSeconds(), info.videoPackets(), info.durationSeconds(), info.videoCodec(), info.width(),
                info.height(), info.audioCodec(), run.cpuSeconds(), run.cpuPerStreamMinute(FlvFixture.SECONDS));
        assertEquals(fixture.frames(), run.frames());
        assertEquals("h264", info.videoCodec(), server);
        assertEquals("aac", info.audioCodec(), server);
        assertEquals(1280, info.width());
        assertEquals(720, info.height());
        assertEquals(run.frames(), info.videoPackets(), 1.0, server + ": frames recorded");
        assertEquals(FlvFixture.SECONDS, info.durationSeconds(), 0.5, server + ": duration");
    }

    /** A destination as the policy hands it over: the URL, its key, and the address that passed. */
    private static RtmpTarget target(String url, String address) throws IOException {
        URI uri = URI.create(url);
        String key = uri.getPath().substring(uri.getPath().indexOf('/', 1) + 1);
        return RtmpTarget.of(new Destination(uri, key, InetAddress.getByName(address)));
    }

    private static String rtmps(TlsFront front, String key) {
        return "rtmps://localhost:" + front.port() + "/live/" + key;
    }

    private static String key(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
