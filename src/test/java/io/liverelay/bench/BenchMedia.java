package io.liverelay.bench;

import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Browser-like recordings as long as a run needs: the test fixtures (12 s of 720p30 noise at 2.5 Mb/s, H.264 or
 * VP8 with Opus, or H.264 with AAC in fragmented MP4) looped by ffmpeg without re-encoding, so timestamps run on
 * across the joins like one long recording. Cached next to the fixtures.
 */
final class BenchMedia {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private BenchMedia() {
    }

    static Path looped(Fixture fixture, int seconds) {
        String name = fixture.path().getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path file = MediaFixtures.directory().resolve("bench")
                .resolve(name.substring(0, dot) + "-" + seconds + "s" + name.substring(dot));
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-stream_loop", "-1", "-i", fixture.path().toString(), "-t", Integer.toString(seconds),
                "-map", "0", "-c", "copy"));
        args.addAll(name.endsWith(".mp4")
                ? List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration",
                        "250000", "-f", "mp4")
                : List.of("-live", "1", "-f", name.endsWith(".webm") ? "webm" : "matroska"));
        return MediaFixtures.generateOnce(file, args, TIMEOUT);
    }
}
