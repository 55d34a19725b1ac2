package io.liverelay.browser;

import static io.liverelay.browser.RelayInBrowserIT.LEAST_FPS;
import static io.liverelay.browser.RelayInBrowserIT.assertInOrder;
import static io.liverelay.browser.RelayInBrowserIT.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.NginxRtmp;
import io.liverelay.testsupport.TcpProxy;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page streams for 4 s, loses its network for 5 s, and streams 5 s more after it resumed: the RTMP server must
 * see one publish whose timeline follows the wall clock, with one hole where the network was gone.
 * <p>
 * DevTools' offline mode does not drop Chromium's open WebSocket ({@link Chromium#goOffline()}), so the page is
 * loaded through a {@link TcpProxy} that resets its connection when the network goes, as a dropped network does;
 * offline mode makes the client's tries fail meanwhile, as they would.
 */
final class LostConnectionScenario {

    static final Duration LIVE_BEFORE = Duration.ofSeconds(4);
    static final Duration OFFLINE = Duration.ofSeconds(5);
    static final Duration LIVE_AFTER = Duration.ofSeconds(5);

    private LostConnectionScenario() {
    }

    static void dropForFiveSecondsAndResume(Chromium chromium, URI pageBase, TcpProxy proxy, NginxRtmp rtmp) {
        String key = RelayInBrowserIT.key("offline");
        DemoPage page = DemoPage.open(chromium.driver(), pageBase, Map.of("rtmp", rtmp.url(key)));
        page.start();
        page.awaitState("live");
        long liveAt = System.nanoTime();
        page.awaitFramesAbove(0);
        sleepUntil(liveAt, LIVE_BEFORE);

        long droppedAt;
        try {
            chromium.goOffline(); // first, or the client's first try would get through at once
            proxy.cut();
            droppedAt = System.nanoTime();
            page.awaitState("reconnecting", Duration.ofSeconds(5));
            sleepUntil(droppedAt, OFFLINE);
        } finally {
            chromium.goOnline();
        }
        double offline = (System.nanoTime() - droppedAt) / 1e9;
        // the backoff waits at most 5 s between tries
        page.awaitState("live", Duration.ofSeconds(15));
        long resumedAt = System.nanoTime();
        page.awaitFramesAbove(page.framesSent() + 30);
        sleepUntil(resumedAt, LIVE_AFTER);
        page.stop();
        double wall = (System.nanoTime() - liveAt) / 1e9;
        double after = (System.nanoTime() - resumedAt) / 1e9;
        page.awaitState("stopped");

        assertTrue(page.errors().isEmpty(), () -> "no errors: " + page.errors());
        assertInOrder(page.shownStates(), "live", "reconnecting", "live", "stopping", "stopped");
        assertInOrder(page.clientStates(), "live", "reconnecting", "live", "stopping", "stopped");
        List<JsonObject> resumed = page.eventValues("resumed").stream().map(JsonValue::asJsonObject).toList();
        assertEquals(1, resumed.size(), () -> "resumed once: " + page.milestones());
        int attempts = resumed.get(0).getInt("attempts");
        double gap = resumed.get(0).getJsonNumber("gapMs").doubleValue() / 1000;
        assertTrue(attempts >= 2, "the tries while offline failed, a later one resumed: " + attempts + " tries");
        // the server noticed the reset within milliseconds of the cut
        assertTrue(gap >= offline - 0.3, "no try got through while offline (" + offline + " s): gap " + gap + " s");

        Path recording = rtmp.awaitRecording(key, RelayInBrowserIT.WAIT);
        List<Path> recordings = rtmp.recordings().stream()
                .filter(f -> f.getFileName().toString().startsWith(key)).toList();
        assertEquals(List.of(recording), recordings, "one recording for the key");
        // nginx overwrites <key>.flv at each publish: only its log tells one publish from two
        long publishes = Pattern.compile("publish: name='" + Pattern.quote(key) + "'").matcher(rtmp.log())
                .results().count();
        assertEquals(1, publishes, "one publish, the gap inside it:\n" + rtmp.log());

        MediaInfo received = Ffprobe.probe(recording);
        List<Double> video = times(Ffprobe.videoPackets(recording));
        List<Double> audio = times(Ffprobe.audioPackets(recording));
        assertIncreasing("video", video);
        assertIncreasing("audio", audio);
        int afterHole = longestHoleEnd(video);
        double hole = video.get(afterHole) - video.get(afterHole - 1);
        double otherHoles = Math.max(longestHole(video.subList(0, afterHole)),
                longestHole(video.subList(afterHole, video.size())));
        int framesAfter = video.size() - afterHole;
        System.out.printf("lost connection: offline %.2f s, resumed after %.2f s in %d tries; %.2f s of %.2f s"
                + " recorded, %d video packets, a hole of %.2f s at %.2f s, others at most %.2f s, %d frames in the"
                + " %.2f s after%n", offline, gap, attempts, received.durationSeconds(), wall, video.size(), hole,
                video.get(afterHole - 1), otherHoles, framesAfter, after);
        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertTrue(Math.abs(received.durationSeconds() - wall) < 1.5, "the timeline follows the wall clock, gap"
                + " included: " + wall + " s passed, " + received.durationSeconds() + " s recorded");
        assertTrue(Math.abs(hole - gap) < 1.0, "one hole as long as the gap (" + gap + " s): " + hole + " s");
        assertTrue(otherHoles < 0.5, "no other hole: " + otherHoles + " s");
        assertTrue(framesAfter >= (after - 1) * LEAST_FPS, "the frames after the gap: " + framesAfter + " in "
                + after + " s");
    }

    private static List<Double> times(List<Ffprobe.Packet> packets) {
        return packets.stream().map(Ffprobe.Packet::seconds).toList();
    }

    /** In the recording's order: Chromium's H.264 has no B-frames, so presentation order is decoding order. */
    private static void assertIncreasing(String what, List<Double> times) {
        assertTrue(times.size() > 1, what + " packets: " + times.size());
        for (int i = 1; i < times.size(); i++) {
            int at = i;
            assertTrue(times.get(i) > times.get(i - 1), () -> what + " goes back or stands at packet " + at + ": "
                    + times.subList(Math.max(0, at - 3), Math.min(times.size(), at + 3)));
        }
    }

    /** The index of the first packet after the longest stretch without one. */
    private static int longestHoleEnd(List<Double> times) {
        int end = 1;
        for (int i = 2; i < times.size(); i++) {
            if (times.get(i) - times.get(i - 1) > times.get(end) - times.get(end - 1)) {
                end = i;
            }
        }
        return end;
    }

    private static double longestHole(List<Double> times) {
        return times.size() < 2 ? 0 : times.get(longestHoleEnd(times)) - times.get(longestHoleEnd(times) - 1);
    }
}
