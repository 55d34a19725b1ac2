package io.liverelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.TcpProxy;
import io.liverelay.testsupport.VideoPackets;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page and the JS client in headless Chromium, with its fake camera and microphone, streaming through
 * the deployed WAR to nginx-rtmp on 127.0.0.1. Each scenario checks what the page showed and, with ffprobe,
 * what nginx recorded. The server runs with its defaults, so ffmpeg's log stays on the server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RelayInBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** How long the page streams to two destinations once both are live: short, the suite runs in CI. */
    static final Duration TWO_DESTINATIONS_LIVE = Duration.ofSeconds(6);
    /** Fewer frames per second than the fake camera's 30 still pass: a busy CI machine makes Chromium drop some. */
    static final int LEAST_FPS = 20;
    static final String ADMIN_USER = System.getProperty("relay.it.adminUser", "admin");
    static final String ADMIN_PASSWORD = System.getProperty("relay.it.adminPassword", "admin-password-for-tests");

    static Path rtmpDir;
    static NginxRtmp rtmp;
    static Chromium chromium;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RelayDeployment.war();
    }

    @BeforeAll
    static void rtmpServerAndBrowser() throws IOException {
        rtmpDir = Files.createTempDirectory("nginx-rtmp");
        rtmp = NginxRtmp.start(rtmpDir);
        chromium = Chromium.start();
    }

    @AfterAll
    static void closeAll() {
        try (NginxRtmp n = rtmp; Chromium c = chromium) {
            // both closed, even if one fails
        }
    }

    @AfterEach
    void nothingLeftRunning(TestInfo test) {
        System.out.println("---- browser console during " + test.getDisplayName() + ":\n" + chromium.console());
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void cameraAndMicrophoneArriveAsCopiedH264AndAac() {
        String key = key("camera");
        DemoPage page = DemoPage.open(driver(), pageBase(), Map.of("rtmp", rtmp.url(key)));

        page.start();
        page.awaitState("live");
        long liveAt = System.nanoTime();
        assertEquals("copy", page.mode(), "Chromium records H.264, which the relay passes through");
        page.awaitFramesAbove(0);
        sleepUntil(liveAt, Duration.ofSeconds(10));
        page.stop();
        page.awaitState("stopped");

        assertEquals(List.of("called", "resolved"), page.stopCalls(), "stop() resolved");
        assertFalse(page.arrivalShown(), "a server without a demo sink shows no proof-of-arrival card");
        assertTrue(page.errors().isEmpty(), () -> "no errors: " + page.errors());
        assertInOrder(page.shownStates(), "idle", "connecting", "live", "stopping", "stopped");
        assertInOrder(page.clientStates(), "connecting", "live", "stopping", "stopped");
        Map<String, Long> camera = cameraSize();

        Path recording = rtmp.awaitRecording(key, WAIT);
        MediaInfo received = Ffprobe.probe(recording);
        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertEquals(camera.get("width"), received.width());
        assertEquals(camera.get("height"), received.height());
        assertTrue(Math.abs(received.durationSeconds() - 10) <= 1.5, "about 10 s: " + received.durationSeconds());
        assertFalse(Ffprobe.containsBytes(recording, "x264 - core"),
                "copied as the browser encoded it, so without the relay's x264 signature");
        List<Double> keyframes = Ffprobe.keyframeTimes(recording);
        assertTrue(keyframes.size() >= 4, "keyframes: " + keyframes);
        assertTrue(maxGap(keyframes) <= 2.5, "keyframes at most about 2 s apart: " + keyframes);
    }

    @Test
    void vp8FromTheBrowserIsTranscodedToH264AtTheAskedBitrate() {
        String key = key("vp8");
        DemoPage page = DemoPage.open(driver(), pageBase(), Map.of("rtmp", rtmp.url(key),
                "mimeType", "video/webm;codecs=vp8,opus", "videoBitrate", "250",
                // Chromium's VP8 encoder delivers 15 fps of 720p at this bitrate more surely than 30
                "framerate", "15"));

        page.start();
        page.awaitState("live");
        long liveAt = System.nanoTime();
        assertEquals("transcode", page.mode());
        page.awaitFramesAbove(0);
        sleepUntil(liveAt, Duration.ofSeconds(8));
        page.stop();
        page.awaitState("stopped");
        assertTrue(page.errors().isEmpty(), () -> "no errors: " + page.errors());
        Map<String, Long> camera = cameraSize();

        Path recording = rtmp.awaitRecording(key, WAIT);
        MediaInfo received = Ffprobe.probe(recording);
        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertEquals(camera.get("width"), received.width());
        assertEquals(camera.get("height"), received.height());
        assertTrue(Ffprobe.containsBytes(recording, "x264 - core"), "encoded by the relay's x264");
        // The cap must hold; below it x264 may spend less on the fake camera's simple picture, so the floor is
        // half the asked rate (measured: 240 of 250 once the relay encodes at a constant frame rate)
        VideoPackets video = VideoPackets.of(recording);
        double kbps = video.bitsPerSecond() / 1000;
        System.out.printf("vp8: transcoded video at %.0f kbit/s for 250 asked, %d frames in %.1f s%n", kbps,
                video.count(), video.lastTime() - video.firstTime());
        assertTrue(kbps > 125 && kbps < 312, "asked for 250 kbit/s, got " + kbps);
        List<Double> keyframes = Ffprobe.keyframeTimes(recording);
        assertTrue(maxGap(keyframes) <= 2.5, "the relay's keyframes at most about 2 s apart: " + keyframes);
    }

    /**
     * Two destinations typed into the page, two RTMP servers: both badges go live, and after a stop both recordings
     * hold the camera's H.264 and the microphone's AAC for the whole time live. Six seconds keep it short.
     */
    @Test
    void thePageStreamsToTwoDestinationsAndShowsABadgeForEach() throws IOException {
        Path dir = Files.createTempDirectory("two-sinks");
        try (RtmpSink one = RtmpSink.start(dir, key("first"));
                RtmpSink two = RtmpSink.start(dir, key("second"))) {
            DemoPage page = DemoPage.open(driver(), pageBase(), Map.of("rtmp", one.url()));
            assertEquals(1, page.addDestination(two.url()));
            assertEquals(2, page.destinationFields().size());

            page.start();
            page.awaitState("live");
            page.awaitBadges(2, "live");
            long liveAt = System.nanoTime();
            sleepUntil(liveAt, TWO_DESTINATIONS_LIVE);
            page.stop();
            page.awaitState("stopped");
            assertTrue(page.errors().isEmpty(), () -> "no errors: " + page.errors());
            System.out.println("two destinations: badges after the stop " + page.badgeStates());

            for (RtmpSink sink : List.of(one, two)) {
                Path recording = sink.awaitRecording(WAIT);
                MediaInfo received = Ffprobe.probe(recording);
                VideoPackets video = VideoPackets.of(recording);
                double seconds = video.lastTime() - video.firstTime();
                System.out.printf("two destinations: %s got %s %d frames over %.2f s, %s %d packets, %.2f s%n",
                        recording.getFileName(), received.videoCodec(), received.videoPackets(), seconds,
                        received.audioCodec(), received.audioPackets(), received.durationSeconds());
                assertEquals("h264", received.videoCodec());
                assertEquals("aac", received.audioCodec());
                double least = TWO_DESTINATIONS_LIVE.toMillis() / 1000.0 - 1;
                assertTrue(seconds >= least, recording.getFileName() + ": at least " + least + " s of pictures, got "
                        + seconds);
                assertTrue(received.videoPackets() >= least * LEAST_FPS, "at least " + least * LEAST_FPS
                        + " frames, got " + received.videoPackets());
                assertTrue(video.longestGap() < 0.5, "no hole in the pictures: " + video.longestGap() + " s");
            }
        }
    }

    @Test
    void pausedForThreeSecondsThenResumedTheTimelineFollowsTheWallClock() {
        PauseScenario.pauseForThreeSecondsAndResume(driver(), pageBase(), rtmp, "the machine's ffmpeg");
    }

    /**
     * The RTMP server goes away mid-stream: while the relay reconnects the page still offers Pause, then Resume
     * (the client allows both), and the stream goes on at the server that came back.
     */
    @Test
    void whileTheRelayReconnectsThePagePausesAndResumes() throws IOException {
        String key = key("comeback");
        Path dir = Files.createTempDirectory("sink");
        RtmpSink first = RtmpSink.start(dir, key);
        int port = first.port();
        DemoPage page = DemoPage.open(driver(), pageBase(), Map.of("rtmp", first.url()));
        page.start();
        page.awaitState("live");
        page.awaitFramesAbove(30);

        first.close(); // the ingest is gone: the relay's ffmpeg loses its connection
        page.awaitState("reconnecting");
        page.pause();
        page.resume();
        try (RtmpSink second = RtmpSink.restartOn(dir, key, port, 2)) {
            page.awaitState("live");
            page.awaitFramesAbove(30);
            page.stop();
            page.awaitState("stopped");
            assertInOrder(page.clientStates(), "live", "reconnecting", "live", "stopping", "stopped");
            assertTrue(Ffprobe.probe(second.awaitRecording(WAIT)).videoPackets() > 0, "the stream went on");
        }
    }

    /**
     * The page's network goes for 5 s mid-stream (its WebSocket reset, DevTools offline): the client resumes on its
     * own once it is back, and nginx records one publish across the gap.
     */
    @Test
    void aNetworkLostForFiveSecondsIsResumedAndTheRtmpServerSeesOneStream() {
        try (TcpProxy proxy = TcpProxy.to(base.getPort())) {
            LostConnectionScenario.dropForFiveSecondsAndResume(chromium, pageBase(proxy.port()), proxy, rtmp);
        }
    }

    @Test
    void anUnreachableOrRefusedRtmpUrlIsExplainedAndLeavesNothingRunning() throws IOException {
        DemoPage page = DemoPage.open(driver(), pageBase(),
                Map.of("rtmp", "rtmp://127.0.0.1:" + closedPort() + "/live/" + key("nobody-home")));
        page.start();
        page.awaitState("error");
        assertEquals("RTMP_CONNECTION_FAILED", page.errorName());
        assertTrue(page.errorText().startsWith("The RTMP server could not be reached"), page.errorText());
        JsonObject error = page.errors().get(0);
        assertEquals("RTMP_CONNECTION_FAILED", error.getString("name"));
        assertTrue(error.getBoolean("fatal"));
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));

        DemoPage refused = DemoPage.open(driver(), pageBase(), Map.of("rtmp", "http://127.0.0.1/live/not-rtmp"));
        refused.start();
        refused.awaitState("error");
        assertEquals("RTMP_URL_REJECTED", refused.errorName());
        assertTrue(refused.errorText().contains("must start with rtmp:// or rtmps://"), refused.errorText());
        assertEquals("RTMP_URL_REJECTED", refused.errors().get(0).getString("name"));
    }

    @Test
    void ffmpegOutputStaysOnTheServerUnlessItAllowsIt() {
        String key = key("quiet");
        DemoPage page = DemoPage.open(driver(), pageBase(), Map.of("rtmp", rtmp.url(key)));
        page.start();
        page.awaitState("live");
        page.awaitFramesAbove(30);
        page.stop();
        page.awaitState("stopped");

        assertTrue(page.eventValues("ffmpegOutput").isEmpty(), () -> "no ffmpegOutput: " + page.eventValues("ffmpegOutput"));
        assertFalse(page.eventValues("destroyed").isEmpty(), "the stream did end on the server");
        assertEquals("— the server has ended the stream —", page.logText().strip(), "no ffmpeg line in the page's log");
        rtmp.awaitRecording(key, WAIT);
    }

    @Test
    void theAdminPageListsTheLiveStreamAndItsStopButtonEndsIt() {
        String key = key("admin");
        WebDriver driver = driver();
        DemoPage page = DemoPage.open(driver, pageBase(), Map.of("rtmp", rtmp.url(key)));
        page.start();
        page.awaitState("live");
        page.awaitFramesAbove(0);
        String streamId = page.streamId();

        String broadcaster = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.WINDOW);
        try {
            AdminPage admin = AdminPage.open(driver, pageBase(), ADMIN_USER, ADMIN_PASSWORD);
            admin.awaitRow(streamId, "RUNNING");
            assertEquals("ok", admin.status(), admin.statusText());
            assertEquals("copy", admin.value(streamId, "video"));
            assertTrue(Long.parseLong(admin.value(streamId, "frames")) > 0, "frames sent");
            assertTrue(Long.parseLong(admin.value(streamId, "received")) > 0, "bytes received");
            assertTrue(admin.value(streamId, "uptime") != null, "uptime shown");
            assertFalse(admin.text(streamId, "destination").contains(key), "the stream key is masked");
            long firstRefresh = admin.updatedAt();
            new WebDriverWait(driver, Duration.ofSeconds(6)).until(d -> admin.updatedAt() > firstRefresh);

            admin.stop(streamId);
            admin.awaitRowGone(streamId);
        } finally {
            driver.close();
            driver.switchTo().window(broadcaster);
        }

        page.awaitState("stopped");
        assertEquals("STOPPED_BY_ADMIN", page.errorName());
        assertTrue(page.errorText().contains("administrator"), page.errorText());
        List<String> ending = page.events().stream().map(e -> e.getString("event"))
                .filter(e -> e.equals("error") || e.equals("destroyed")).toList();
        assertEquals(List.of("error", "destroyed"), ending, "the page learns why, then that the stream is over");
        JsonObject error = page.errors().get(0);
        assertEquals("STOPPED_BY_ADMIN", error.getString("name"));
        assertFalse(error.getBoolean("fatal"));
        assertEquals("h264", Ffprobe.probe(rtmp.awaitRecording(key, WAIT)).videoCodec(), "the FLV was finished");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private WebDriver driver() {
        return chromium.driver();
    }

    /** The deployment's base URL on loopback (Payara Micro names the machine's address, we stay local). */
    private URI pageBase() {
        return pageBase(base.getPort());
    }

    /** The same, on another port of 127.0.0.1 (a proxy's in front of the deployment). */
    private URI pageBase(int port) {
        String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> cameraSize() {
        return (Map<String, Long>) ((JavascriptExecutor) driver()).executeScript(
                "const s = window.liveRelayDemo.media.getVideoTracks()[0].getSettings();"
                        + " return {width: s.width, height: s.height};");
    }

    static String key(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static double maxGap(List<Double> times) {
        double gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return gap;
    }

    /** Asserts that {@code expected} appear in {@code actual} in this order, others allowed between them. */
    static void assertInOrder(List<String> actual, String... expected) {
        int next = 0;
        for (String state : actual) {
            if (next < expected.length && expected[next].equals(state)) {
                next++;
            }
        }
        assertEquals(expected.length, next, "expected " + List.of(expected) + " in this order within " + actual);
    }

    static void sleepUntil(long startNanos, Duration after) {
        long left = startNanos + after.toNanos() - System.nanoTime();
        if (left > 0) {
            sleep(Duration.ofNanos(left));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
