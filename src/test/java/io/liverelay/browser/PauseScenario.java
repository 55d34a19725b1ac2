package io.liverelay.browser;

import static io.liverelay.browser.RelayInBrowserIT.assertInOrder;
import static io.liverelay.browser.RelayInBrowserIT.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.VideoPackets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.WebDriver;

/**
 * Chromium streams for 3 s, pauses for 3 s, streams again: what must reach the RTMP server with whichever ffmpeg
 * the relay runs. A live ingest expects timestamps that follow the wall clock, so the recording is as long as
 * the whole time, pause included, with one hole in the video as long as the pause and none elsewhere.
 */
final class PauseScenario {

    private PauseScenario() {
    }

    static void pauseForThreeSecondsAndResume(WebDriver driver, URI pageBase, NginxRtmp rtmp, String ffmpeg) {
        String key = RelayInBrowserIT.key("pause");
        DemoPage page = DemoPage.open(driver, pageBase, Map.of("rtmp", rtmp.url(key)));

        page.start();
        page.awaitState("live");
        long liveAt = System.nanoTime();
        page.awaitFramesAbove(0);
        sleep(Duration.ofSeconds(3));
        page.pause();
        long pausedAt = System.nanoTime();
        page.awaitState("paused");
        sleep(Duration.ofSeconds(3));
        long framesWhilePaused = page.framesSent();
        page.resume();
        double paused = (System.nanoTime() - pausedAt) / 1e9;
        page.awaitState("live");
        long framesAfterResume = page.awaitFramesAbove(framesWhilePaused + 30);
        sleep(Duration.ofSeconds(2));
        page.stop();
        double wall = (System.nanoTime() - liveAt) / 1e9;
        page.awaitState("stopped");

        assertTrue(page.errors().isEmpty(), () -> "no errors: " + page.errors());
        assertInOrder(page.shownStates(), "live", "paused", "live", "stopping", "stopped");
        Path recording = rtmp.awaitRecording(key, RelayInBrowserIT.WAIT);
        MediaInfo received = Ffprobe.probe(recording);
        VideoPackets video = VideoPackets.of(recording);
        System.out.printf("pause with %s: paused %.2f s of %.2f s, recorded %.2f s, %d video packets from %.2f to"
                + " %.2f s, longest gap %.2f s, frames at pause %d, after resume %d%n", ffmpeg, paused, wall,
                received.durationSeconds(), video.count(), video.firstTime(), video.lastTime(), video.longestGap(),
                framesWhilePaused, framesAfterResume);
        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertTrue(Math.abs(received.durationSeconds() - wall) < 1.5,
                "the timeline follows the wall clock, pause included: " + wall + " s passed, " + received.durationSeconds()
                        + " s recorded");
        assertTrue(Math.abs(video.longestGap() - paused) < 0.8,
                "one hole as long as the pause (" + paused + " s): " + video.longestGap());
        assertTrue(video.count() >= (wall - paused - 1) * 25, "the live parts at 30 fps: " + video.count());
    }
}
