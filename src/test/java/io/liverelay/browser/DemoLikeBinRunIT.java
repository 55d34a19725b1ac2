package io.liverelay.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.DemoSink;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.Tools;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as bin/run starts it: the WAR on Payara Micro with bin/run's options (its local sink prefilled and
 * watched, ffmpeg's log sent to the page) and that sink. One Arquillian deployment has one set of options, so
 * this WAR runs on a Payara Micro of its own (about 15 s), otherwise configured like the Arquillian container.
 * {@link RelayInBrowserIT} covers the defaults: no ffmpeg output in the page, no proof-of-arrival card.
 */
class DemoLikeBinRunIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    static Path dir;
    static DemoSink sink;
    static PayaraMicro server;
    static NginxRtmp rtmp;
    static Chromium chromium;

    @BeforeAll
    static void demoServer() throws IOException {
        dir = Files.createTempDirectory("demo-like-bin-run");
        sink = DemoSink.start(dir.resolve("demo"));
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        options.putAll(Map.of(
                "relay.clientLogs.sendFfmpegOutput", "true",
                "relay.demo.rtmpUrl", sink.url(),
                "relay.demo.sinkDir", sink.dir().toString(),
                // what bin/run on a machine without ffmpeg runs: the static build the WAR carries
                "relay.ffmpeg.path", Tools.bundledFfmpeg().toString()));
        server = PayaraMicro.start(dir.resolve("payara"), options);
        rtmp = NginxRtmp.start(dir.resolve("nginx"));
        chromium = Chromium.start();
    }

    @AfterAll
    static void closeAll() {
        try (DemoSink d = sink; PayaraMicro s = server; NginxRtmp n = rtmp; Chromium c = chromium) {
            // all closed, even if one fails
        }
    }

    @AfterEach
    void nothingLeftRunning() {
        System.out.println("---- browser console:\n" + chromium.console());
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void thePageIsPrefilledWithTheSinkAndShowsWhatArrivedThere() {
        DemoPage page = DemoPage.open(chromium.driver(), server.baseUri(), Map.of());
        new WebDriverWait(chromium.driver(), WAIT).until(d -> sink.url().equals(js("return document.getElementById('rtmp').value")));

        page.start();
        page.awaitState("live");
        String camera = js("const s = window.liveRelayDemo.media.getVideoTracks()[0].getSettings();"
                + " return s.width + 'x' + s.height;").toString();
        try {
            new WebDriverWait(chromium.driver(), WAIT).until(d -> page.arrivalShown()
                    && "receiving".equals(value("sink-state"))
                    && Long.valueOf(1).equals(js("return document.getElementById('sink-preview').naturalWidth > 0 ? 1 : 0"))
                    && Double.parseDouble(String.valueOf(valueOr("sink-time", "0"))) >= 5);
        } catch (RuntimeException e) {
            throw new AssertionError("the proof of arrival should show the stream; it shows "
                    + js("return document.getElementById('sink').innerText") + "\nsink log:\n" + sink.log(), e);
        }
        assertEquals("h264", value("sink-video"));
        assertEquals(camera, value("sink-size"), "what arrived has the camera's size");
        double fps = Double.parseDouble(value("sink-fps"));
        assertTrue(fps > 20 && fps < 40, "the camera's 30 fps, as the sink counts them: " + fps);
        assertEquals("aac", value("sink-audio"));
        assertEquals(camera, js("const p = document.getElementById('sink-preview');"
                + " return p.naturalWidth + 'x' + p.naturalHeight;"), "the sink's picture is of the stream");

        page.stop();
        page.awaitState("stopped");
        new WebDriverWait(chromium.driver(), WAIT).until(d -> "waiting".equals(value("sink-state")));
    }

    @Test
    void ffmpegOutputReachesThePageWhenTheServerAllowsIt() {
        String key = RelayInBrowserIT.key("chatty");
        DemoPage page = DemoPage.open(chromium.driver(), server.baseUri(), Map.of("rtmp", rtmp.url(key)));
        page.start();
        page.awaitState("live");
        page.awaitFramesAbove(30);
        page.stop();
        page.awaitState("stopped");

        List<String> lines = page.eventValues("ffmpegOutput").stream().map(v -> ((JsonString) v).getString()).toList();
        assertFalse(lines.isEmpty(), "ffmpegOutput events arrived");
        assertTrue(lines.stream().anyMatch(line -> line.contains("Output #0, flv")), () -> "ffmpeg's own log: " + lines);
        assertTrue(lines.stream().noneMatch(line -> line.contains(key)), () -> "the stream key is masked: " + lines);
        assertTrue(page.logText().contains("Output #0, flv"), "the page shows the lines: " + page.logText());
        rtmp.awaitRecording(key, WAIT);
    }

    @Test
    void pausedForThreeSecondsThenResumedTheBundledFfmpegFollowsTheWallClockToo() {
        assertTrue(server.log().contains("4.4.1-static"), "the server runs the bundled ffmpeg");
        PauseScenario.pauseForThreeSecondsAndResume(chromium.driver(), server.baseUri(), rtmp, "the bundled ffmpeg");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) chromium.driver()).executeScript(script);
    }

    private String value(String id) {
        return (String) js("return document.getElementById('" + id + "').dataset.value || null");
    }

    private String valueOr(String id, String fallback) {
        String value = value(id);
        return value == null ? fallback : value;
    }
}
