package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.TestCertificates;
import io.liverelay.testsupport.TlsFront;
import io.liverelay.testsupport.Tools;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Destinations by name, and RTMPS, with both ffmpegs the relay may run: the machine's (Debian's, GnuTLS) and the
 * static one the WAR carries, which cannot resolve a name itself. nginx's stream module ends TLS on 127.0.0.1 in
 * front of nginx-rtmp with certificates made at test time; the relay trusts the test CA ({@code relay.tls.caFile}).
 * A certificate from that CA for {@code localhost} delivers the stream; a self-signed one and one for another
 * name are refused by name, and nothing is published.
 */
class RtmpsIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static Path dir;
    private static TestCertificates certificates;
    private static NginxRtmp rtmp;
    private static TlsFront trusted;
    private static TlsFront selfSigned;
    private static TlsFront wrongName;
    private static PayaraMicro machinesFfmpeg;
    private static PayaraMicro bundledFfmpeg;

    @BeforeAll
    static void endpointsAndServers() throws Exception {
        dir = Files.createTempDirectory("rtmps");
        certificates = TestCertificates.create(dir.resolve("certificates"));
        rtmp = NginxRtmp.start(dir.resolve("nginx"));
        trusted = TlsFront.start(dir.resolve("trusted"), certificates.trusted(), rtmp.port());
        selfSigned = TlsFront.start(dir.resolve("self-signed"), certificates.selfSigned(), rtmp.port());
        wrongName = TlsFront.start(dir.resolve("wrong-name"), certificates.wrongName(), rtmp.port());
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        // the name "localhost" is allowed as a name: it may also resolve to ::1, which 127.0.0.1 does not cover
        options.put("relay.destinations.allowedHosts", "127.0.0.1,localhost");
        options.put("relay.tls.caFile", certificates.caCertificate().toString());
        machinesFfmpeg = PayaraMicro.start(dir.resolve("payara-machine"), options);
        options.put("relay.ffmpeg.path", Tools.bundledFfmpeg().toString());
        bundledFfmpeg = PayaraMicro.start(dir.resolve("payara-bundled"), options);
    }

    @AfterAll
    static void closeAll() {
        try (var a = machinesFfmpeg; var b = bundledFfmpeg; var c = trusted; var d = selfSigned; var e = wrongName;
                var f = rtmp) {
            // all closed, even if one fails
        }
    }

    @AfterEach
    void noFfmpegLeft() {
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    static Stream<String> servers() {
        return Stream.of("machine", "bundled");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void byNameOverRtmpAndOverRtmpsWithATrustedCertificateTheStreamArrives(String ffmpeg) throws Exception {
        PayaraMicro server = server(ffmpeg);
        Fixture fixture = MediaFixtures.h264Opus();
        String plainKey = key("plain-" + ffmpeg);
        String secureKey = key("secure-" + ffmpeg);

        var plain = CompletableFuture.runAsync(() -> relay(server, "rtmp://localhost:" + rtmp.port() + "/live/" + plainKey,
                fixture));
        relay(server, "rtmps://localhost:" + trusted.port() + "/live/" + secureKey, fixture);
        plain.get();

        for (String key : new String[] {plainKey, secureKey}) {
            MediaInfo received = Ffprobe.probe(rtmp.awaitRecording(key, WAIT));
            assertEquals("h264", received.videoCodec(), key);
            assertEquals("aac", received.audioCodec(), key);
            assertTrue(Math.abs(received.durationSeconds() - fixture.durationSeconds()) < fixture.durationSeconds() * 0.1,
                    key + ": " + received.durationSeconds());
        }
        assertTrue(server.log().contains(ffmpeg.equals("bundled") ? "4.4.1-static" : "(PATH)"), "the ffmpeg asked for");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aSelfSignedCertificateIsRefusedByName(String ffmpeg) throws Exception {
        refused(server(ffmpeg), selfSigned, "Peer certificate failed verification");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aCertificateForAnotherNameIsRefusedByName(String ffmpeg) throws Exception {
        refused(server(ffmpeg), wrongName, "does not match hostname localhost");
    }

    @Test
    void withSeveralDestinationsTheRelaysOwnTlsChecksEachCertificateAndARefusedOneLeavesTheOthers() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        String goodKey = key("several-good");
        String badKey = key("several-bad");
        try (RelayClient client = RelayClient.connect(stream(machinesFfmpeg))) {
            client.sendStart(SimulcastIT.config(fixture, "rtmps://localhost:" + trusted.port() + "/live/" + goodKey,
                    "rtmps://localhost:" + selfSigned.port() + "/live/" + badKey));
            client.awaitMessage("started", WAIT);
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "one refused destination is not the stream's error: "
                    + client.errors());

            JsonObject last = client.messages().stream().filter(m -> m.getString("type").equals("destinations"))
                    .reduce((a, b) -> b).orElseThrow();
            JsonObject bad = last.getJsonArray("destinations").getJsonObject(1);
            assertEquals("failed", bad.getString("state"), bad.toString());
            assertEquals("RTMP_TLS_FAILED", bad.getJsonObject("error").getString("name"), bad.toString());
            assertFalse(bad.toString().contains(badKey), "the stream key is masked");
            assertEquals(0, bad.getInt("reconnects"), "a refused certificate is not retried");

            MediaInfo received = Ffprobe.probe(rtmp.awaitRecording(goodKey, WAIT));
            assertEquals("h264", received.videoCodec());
            assertEquals("aac", received.audioCodec());
            assertTrue(Math.abs(received.videoPackets() - fixture.frameCount()) <= 1,
                    "sent " + fixture.frameCount() + " frames, got " + received.videoPackets());
            assertFalse(Files.exists(rtmp.recording(badKey)), "nothing was published past the refused certificate");
        }
    }

    private void refused(PayaraMicro server, TlsFront front, String why) throws java.io.IOException {
        String key = key("refused");
        try (RelayClient client = RelayClient.connect(stream(server))) {
            client.sendStart(StreamToRtmpIT.config("rtmps://localhost:" + front.port() + "/live/" + key,
                    MediaFixtures.h264Opus(), 1_500_000));
            client.awaitMessage("started", WAIT);
            byte[] media = Files.readAllBytes(MediaFixtures.h264Opus().path());
            for (int offset = 0; offset < 1_000_000 && client.errors().isEmpty(); offset += 250_000) {
                client.sendBinary(Arrays.copyOfRange(media, offset, offset + 250_000));
            }
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("RTMP_TLS_FAILED", error.getString("name"), error.toString());
            assertTrue(error.getBoolean("fatal"));
            assertTrue(error.getString("message").contains(why), error.getString("message"));
            assertFalse(error.getString("message").contains(key), "the stream key is masked");
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.messages().stream().noneMatch(m -> m.getString("type").equals("reconnecting")),
                    "a refused certificate is not retried");
        }
        assertFalse(Files.exists(rtmp.recording(key)), "nothing was published");
    }

    private static void relay(PayaraMicro server, String url, Fixture fixture) {
        try (RelayClient client = RelayClient.connect(stream(server))) {
            client.sendStart(StreamToRtmpIT.config(url, fixture, 1_500_000));
            client.awaitMessage("started", WAIT);
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> url.replaceAll("/live/.*", "") + ": " + client.errors());
        }
    }

    private static PayaraMicro server(String ffmpeg) {
        return ffmpeg.equals("bundled") ? bundledFfmpeg : machinesFfmpeg;
    }

    private static URI stream(PayaraMicro server) {
        return URI.create("ws://127.0.0.1:" + server.baseUri().getPort() + "/relay/stream");
    }

    private static String key(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
