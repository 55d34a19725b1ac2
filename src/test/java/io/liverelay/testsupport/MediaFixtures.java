package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Generates (once per build, cached in target/fixtures) camera-like media as a browser's MediaRecorder makes it. */
public final class MediaFixtures {

    /** Overrides the cache directory; by default {@code <basedir>/target/fixtures}. */
    public static final String DIR_PROPERTY = "testsupport.fixtures.dir";

    // qcomp defaults to 0.60 in every x264 preset, so 0.61 in the SEI means these very bits were copied
    static final String X264_MARKER = "qcomp=0.61";

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 30;
    private static final int GOP = 60;
    private static final int SECONDS = 12;
    private static final Duration GENERATE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * What a camera's microphone hears, roughly (an ffmpeg lavfi source): a voice-like warble in each ear over
     * room noise. A pure tone would flatter ffmpeg's twoloop AAC coder and mislead the benchmarks (BENCHMARKS.md).
     */
    public static final String MICROPHONE = "aevalsrc=exprs="
            + "0.3*sin(2*PI*(200+100*sin(2*PI*3*t))*t)*(0.5+0.5*sin(2*PI*0.5*t))+0.03*(random(0)-0.5)"
            + "|0.3*sin(2*PI*(210+90*sin(2*PI*2.7*t))*t)*(0.5+0.5*sin(2*PI*0.45*t))+0.03*(random(1)-0.5)"
            + ":sample_rate=48000";
    // x264 as a browser's encoder would be set: no B-frames, a keyframe every 2 s, 2.5 Mb/s
    private static final List<String> X264 = List.of("-c:v", "libx264", "-preset", "veryfast", "-tune",
            "zerolatency", "-pix_fmt", "yuv420p", "-g", String.valueOf(GOP), "-sc_threshold", "0",
            "-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "5000k",
            "-x264-params", "rc-lookahead=7:" + X264_MARKER);
    private static final List<String> VP8 = List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
            "-g", String.valueOf(GOP), "-keyint_min", String.valueOf(GOP),
            "-b:v", "2500k", "-minrate", "2500k", "-maxrate", "2500k");
    /** In place of an audio codec: the fixture has pictures only; what follows are the muxer's arguments. */
    private static final String NO_AUDIO = "none";
    private static final List<String> OPUS = List.of("opus", "-c:a", "libopus", "-b:a", "128k", "-ac", "2",
            "-ar", "48000", "-live", "1");

    private static Fixture h264Opus;
    private static Fixture vp8Opus;
    private static Fixture h264AacMp4;
    private static Fixture h264Only;

    private MediaFixtures() {
    }

    /** Matroska with H.264 (x264, no B-frames, keyframe every 2 s, 2.5 Mb/s) and Opus 48 kHz stereo. */
    public static synchronized Fixture h264Opus() {
        if (h264Opus == null) {
            h264Opus = fixture("h264-opus.mkv", "matroska", "h264", "video/x-matroska;codecs=avc1,opus", X264, OPUS);
        }
        return h264Opus;
    }

    /**
     * Fragmented MP4 (a fragment per 250 ms) as Chrome and Safari record it: the H.264 of {@link #h264Opus()}
     * and AAC-LC at 96 kb/s, 48 kHz stereo (a rate and bitrate no test asks for, so a copy shows at the sink).
     */
    public static synchronized Fixture h264AacMp4() {
        if (h264AacMp4 == null) {
            List<String> video = new ArrayList<>(X264);
            video.addAll(List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof",
                    "-frag_duration", "250000"));
            h264AacMp4 = fixture("h264-aac.mp4", "mp4", "h264", "video/mp4;codecs=avc1.64001f,mp4a.40.2", video,
                    List.of("aac", "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-ar", "48000"));
        }
        return h264AacMp4;
    }

    /** WebM with VP8 (libvpx realtime, keyframe every 2 s, 2.5 Mb/s) and Opus 48 kHz stereo. */
    public static synchronized Fixture vp8Opus() {
        if (vp8Opus == null) {
            vp8Opus = fixture("vp8-opus.webm", "webm", "vp8", "video/webm;codecs=vp8,opus", VP8, OPUS);
        }
        return vp8Opus;
    }

    /** The H.264 of {@link #h264Opus()} in Matroska without sound, as Chrome records a camera without a microphone. */
    public static synchronized Fixture h264Only() {
        if (h264Only == null) {
            h264Only = fixture("h264-only.mkv", "matroska", "h264", "video/x-matroska;codecs=avc1", X264,
                    List.of(NO_AUDIO, "-live", "1"));
        }
        return h264Only;
    }

    public static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "fixtures");
    }

    /** {@code audio}: the codec ffprobe must find ({@link #NO_AUDIO} for none), then the encoder's arguments. */
    private static Fixture fixture(String fileName, String format, String codec, String mimeType,
            List<String> videoArgs, List<String> audio) {
        boolean sound = !audio.get(0).equals(NO_AUDIO);
        List<String> args = arguments(format, videoArgs, audio.subList(1, audio.size()), sound);
        // the name carries a hash of the arguments, so changed settings never reuse a stale file
        String hash = Integer.toHexString(args.hashCode());
        Path file = generateOnce(directory().resolve(fileName.replaceFirst("\\.", "-" + hash + ".")), args,
                GENERATE_TIMEOUT);
        MediaInfo info = Ffprobe.probe(file);
        if (!codec.equals(info.videoCodec()) || info.width() != WIDTH || info.height() != HEIGHT
                || (sound ? !audio.get(0).equals(info.audioCodec()) : info.hasAudio())) {
            throw new AssertionError("unexpected fixture " + file + ": " + info);
        }
        long frames = info.videoPackets();
        return new Fixture(file, codec, WIDTH, HEIGHT, FPS, frames, frames / (double) FPS, mimeType);
    }

    // Matroska's -live 1: no duration, cues or seeks back, like a recorder's stream; noise keeps x264 honest
    private static List<String> arguments(String format, List<String> videoArgs, List<String> audioArgs,
            boolean sound) {
        List<String> args = new ArrayList<>(List.of(
                "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS
                        + ",noise=alls=20:allf=t,format=yuv420p"));
        args.addAll(sound ? List.of("-f", "lavfi", "-i", MICROPHONE, "-map", "0:v:0", "-map", "1:a:0")
                : List.of("-map", "0:v:0"));
        args.addAll(List.of("-t", String.valueOf(SECONDS), "-threads", "2"));
        args.addAll(videoArgs);
        args.addAll(audioArgs);
        args.addAll(List.of("-f", format));
        return List.copyOf(args);
    }

    /**
     * Makes {@code file} with ffmpeg unless it is there: {@code args} (without the program, without the output)
     * write a part file that then moves into place at once, so a parallel build or an interrupted run never
     * sees half a file.
     */
    public static Path generateOnce(Path file, List<String> args, Duration timeout) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            try {
                List<String> command = new ArrayList<>();
                command.add(Tools.ffmpeg().toString());
                command.addAll(args);
                command.add(partial.toString());
                Tools.run(timeout, command).requireSuccess();
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate " + file, e);
        }
        return file;
    }
}
