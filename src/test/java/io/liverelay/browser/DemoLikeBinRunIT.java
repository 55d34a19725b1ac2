package io.liverelay.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.PayaraMicro;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other half of "ffmpegOutput only when the server allows it": a server started with
 * {@code relay.clientLogs.sendFfmpegOutput=true}. One Arquillian deployment has one setting, so this WAR runs
 * on a Payara Micro of its own (about 15 s); {@link RelayInBrowserIT} covers the default, which withholds it.
 */
class FfmpegOutputAllowedIT {

    static Path dir;
    static PayaraMicro server;
    static NginxRtmp rtmp;
    static Chromium chromium;

    @BeforeAll
    static void serverThatSharesFfmpegOutput() throws IOException {
        dir = Files.createTempDirectory("ffmpeg-output-allowed");
        server = PayaraMicro.start(dir.resolve("payara"), Map.of("relay.clientLogs.sendFfmpegOutput", "true"));
        rtmp = NginxRtmp.start(dir.resolve("nginx"));
        chromium = Chromium.start();
    }

    @AfterAll
    static void closeAll() {
        try (PayaraMicro s = server; NginxRtmp n = rtmp; Chromium c = chromium) {
            // all closed, even if one fails
        }
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
        rtmp.awaitRecording(key, Duration.ofSeconds(30));
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }
}
