package io.liverelay.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Media for stress tests, generated once and cached beside {@link MediaFixtures}' files: a long, light stream
 * that can run beside a whole test class, and a short, very dense one that fills any buffer within a second.
 * Both are H.264/Opus Matroska as Chrome records it, so the relay copies the video.
 */
public final class StressFixtures {

    public static final String MIME_TYPE = "video/x-matroska;codecs=avc1,opus";

    private static final int FPS = 30;
    private static final Duration GENERATE_TIMEOUT = Duration.ofSeconds(180);

    private static Fixture canary;
    private static Fixture dense;

    private StressFixtures() {
    }

    /** 240 s of 320x180 at 400 kb/s: about 12 MB, cheap to relay for minutes. */
    public static synchronized Fixture canary() {
        if (canary == null) {
            canary = fixture("canary-240s.mkv", 320, 180, 240, "testsrc2=size=320x180:rate=30,format=yuv420p",
                    List.of("-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-sc_threshold", "0",
                            "-b:v", "400k", "-maxrate", "400k", "-bufsize", "800k"));
        }
        return canary;
    }

    /** 16 s of lossless noise at 320x240: about 70 MB, more than any socket and queue on the way can hold. */
    public static synchronized Fixture dense() {
        if (dense == null) {
            dense = fixture("dense-16s.mkv", 320, 240, 16,
                    "testsrc2=size=320x240:rate=30,noise=alls=60:allf=t,format=yuv420p",
                    List.of("-preset", "ultrafast", "-qp", "0", "-g", "60"));
        }
        return dense;
    }

    private static Fixture fixture(String name, int width, int height, int seconds, String video, List<String> x264) {
        List<String> command = new ArrayList<>(List.of(Tools.ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", video,
                "-f", "lavfi", "-i", "sine=frequency=440:beep_factor=4:sample_rate=48000",
                "-map", "0:v:0", "-map", "1:a:0", "-t", String.valueOf(seconds), "-threads", "2",
                "-c:v", "libx264", "-pix_fmt", "yuv420p"));
        command.addAll(x264);
        command.addAll(List.of("-c:a", "libopus", "-b:a", "64k", "-ac", "2", "-ar", "48000", "-live", "1",
                "-f", "matroska"));
        // the name carries a hash of the arguments, so changed settings never reuse a stale file
        String hash = Integer.toHexString(command.subList(1, command.size()).hashCode());
        Path file = MediaFixtures.generateOnce(MediaFixtures.directory().resolve(
                name.replaceFirst("\\.", "-" + hash + ".")), command.subList(1, command.size()), GENERATE_TIMEOUT);
        MediaInfo info = Ffprobe.probe(file);
        if (!"h264".equals(info.videoCodec()) || info.width() != width || !"opus".equals(info.audioCodec())) {
            throw new AssertionError("unexpected fixture " + file + ": " + info);
        }
        long frames = info.videoPackets();
        return new Fixture(file, "h264", width, height, FPS, frames, frames / (double) FPS, MIME_TYPE);
    }
}
