package io.liverelay.bench;

import io.liverelay.config.entity.AacCoder;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/bench --aac-coders}: what ffmpeg's AAC encoder costs with each coder the relay offers
 * ({@code relay.audio.aacCoder}) on the kinds of sound a camera's microphone sends, as the relay runs it
 * (Opus 48 kHz stereo in, AAC 128 kb/s 44.1 kHz out). CPU-s per minute of audio, from ffmpeg's own
 * {@code -benchmark} accounting. The answer depends on the sound, which is why there is a table.
 */
final class AacCoderCost {

    private record Signal(String description, String lavfi) {
    }

    private static final List<Signal> SIGNALS = List.of(
            new Signal("silence (a muted microphone)", "anullsrc=r=48000:cl=stereo"),
            new Signal("room noise (pink, quiet)", "anoisesrc=c=pink:a=0.02:r=48000"),
            new Signal("a beeping 440 Hz sine (the fixtures' audio until 2026-11-28)",
                    "sine=frequency=440:beep_factor=4:sample_rate=48000"),
            new Signal("a voice-like warble over room noise (the fixtures' audio since)", MediaFixtures.MICROPHONE));
    private static final int SECONDS = 60;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");

    private AacCoderCost() {
    }

    /** The Markdown table: one row per signal, one column per coder. */
    static String table() {
        StringBuilder md = new StringBuilder("| sound | ")
                .append(String.join(" | ", Arrays.stream(AacCoder.values())
                        .map(c -> "`" + c.argument() + "` (CPU-s per audio minute)").toList()))
                .append(" |\n|---|").append("---:|".repeat(AacCoder.values().length)).append('\n');
        for (int i = 0; i < SIGNALS.size(); i++) {
            Signal signal = SIGNALS.get(i);
            Path opus = opus(signal, "aac-coder-signal-" + i + "-" + Integer.toHexString(signal.lavfi().hashCode()));
            md.append("| ").append(signal.description());
            for (AacCoder coder : AacCoder.values()) {
                md.append(" | ").append(String.format(Locale.ROOT, "%.2f", cpuPerMinute(opus, coder)));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static double cpuPerMinute(Path opus, AacCoder coder) {
        ProcessResult result = Tools.run(TIMEOUT, List.of(Tools.ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-benchmark", "-i", opus.toString(), "-c:a", "aac", "-aac_coder", coder.argument(), "-b:a", "128000",
                "-ar", "44100", "-f", "flv", "-y", "/dev/null")).requireSuccess();
        Matcher bench = BENCH.matcher(result.output());
        if (!bench.find()) {
            throw new IllegalStateException("no -benchmark line from ffmpeg: " + result.describe());
        }
        return (Double.parseDouble(bench.group(1)) + Double.parseDouble(bench.group(2))) / (SECONDS / 60.0);
    }

    // the sound as a browser would send it: Opus at 128 kb/s, 48 kHz stereo; cached beside the fixtures
    private static Path opus(Signal signal, String name) {
        return MediaFixtures.generateOnce(MediaFixtures.directory().resolve("bench").resolve(name + ".mkv"),
                List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", signal.lavfi(),
                        "-t", Integer.toString(SECONDS), "-ac", "2", "-ar", "48000", "-c:a", "libopus", "-b:a", "128k",
                        "-f", "matroska"),
                TIMEOUT);
    }
}
