package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the relay needs of an ffmpeg beyond its version: a stream without sound gets its silent AAC track from
 * {@code -f lavfi -i anullsrc}, so the ffmpeg must list the {@code lavfi} input format and the {@code anullsrc}
 * filter. Asked once, at start-up, with {@code -formats} and {@code -filters}, each with a bounded wait.
 */
final class FfmpegAbilities {

    static final String LAVFI = "lavfi";
    static final String ANULLSRC = "anullsrc";
    // a listing is some 40 kB: more is not an ffmpeg's listing, and is not kept
    private static final int MAX_LISTING_BYTES = 1024 * 1024;

    private FfmpegAbilities() {
    }

    /** What this ffmpeg lacks for a silent track, by ffmpeg's own names; empty when it has both. */
    static List<String> lackedForSilence(ProcessLauncher launcher, Path ffmpeg, Duration timeout) {
        return lackedForSilence(listing(launcher, ffmpeg, "-formats", timeout),
                listing(launcher, ffmpeg, "-filters", timeout));
    }

    /** From the output of {@code -formats} and of {@code -filters}. */
    static List<String> lackedForSilence(String formats, String filters) {
        List<String> lacked = new ArrayList<>();
        if (formats.lines().noneMatch(FfmpegAbilities::demuxesLavfi)) {
            lacked.add(LAVFI);
        }
        if (filters.lines().noneMatch(line -> names(line, "[.TSC|]{3}", ANULLSRC, false))) {
            lacked.add(ANULLSRC);
        }
        return List.copyOf(lacked);
    }

    // " D  lavfi   Libavfilter virtual input device"; later releases add a device column: " D d lavfi ..."
    private static boolean demuxesLavfi(String line) {
        return names(line, "[DEd.]{1,3}", LAVFI, true);
    }

    /**
     * Whether the line lists {@code name} (alone or among comma-separated aliases) after its flag columns, each
     * matching {@code flags}; {@code demuxer}: one of the flags must be D (it reads, not only writes).
     */
    private static boolean names(String line, String flags, String name, boolean demuxer) {
        String[] tokens = line.strip().split("\\s+");
        int i = 0;
        boolean reads = false;
        while (i < tokens.length - 1 && tokens[i].matches(flags)) {
            reads |= tokens[i].contains("D");
            i++;
        }
        return i > 0 && i < tokens.length && (reads || !demuxer) && List.of(tokens[i].split(",")).contains(name);
    }

    /** The listing ffmpeg prints for {@code option}, or what was read of it when it did not end in time. */
    private static String listing(ProcessLauncher launcher, Path ffmpeg, String option, Duration timeout) {
        Process process;
        try {
            process = launcher.launch(List.of(ffmpeg.toString(), "-hide_banner", option));
        } catch (IOException e) {
            return "";
        }
        // a kill at the deadline ends the read below, which would otherwise wait as long as ffmpeg hangs
        process.onExit().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(late -> process.destroyForcibly());
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            return new String(out.readNBytes(MAX_LISTING_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } finally {
            process.destroyForcibly(); // gone already, unless it printed more than a listing
        }
    }
}
