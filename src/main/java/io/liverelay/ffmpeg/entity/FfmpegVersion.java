package io.liverelay.ffmpeg.entity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release an ffmpeg says it is, from the first line of {@code ffmpeg -version}: "ffmpeg version 5.1.9-0+deb12u1",
 * "ffmpeg version 4.4.1-static", "ffmpeg version n7.1". A build from git ("N-118000-g…") is taken as the newest.
 */
public record FfmpegVersion(int major, int minor) implements Comparable<FfmpegVersion> {

    /** The oldest release the relay runs: {@code -stats_period}, which paces the progress reports, came in 4.4. */
    public static final FfmpegVersion OLDEST_SUPPORTED = new FfmpegVersion(4, 4);

    /** {@code -fps_mode} replaced {@code -vsync} in 5.1. */
    public static final FfmpegVersion FPS_MODE = new FfmpegVersion(5, 1);

    private static final FfmpegVersion NEWEST = new FfmpegVersion(Integer.MAX_VALUE, 0);
    private static final Pattern RELEASE = Pattern.compile("version n?(\\d+)\\.(\\d+)");
    private static final Pattern GIT = Pattern.compile("version N-\\d+");

    /** The release in {@code -version}'s first line; a git build is the newest; any other line is refused. */
    public static FfmpegVersion parse(String versionLine) {
        Matcher release = RELEASE.matcher(versionLine);
        if (release.find()) {
            return new FfmpegVersion(Integer.parseInt(release.group(1)), Integer.parseInt(release.group(2)));
        }
        if (GIT.matcher(versionLine).find()) {
            return NEWEST;
        }
        throw new IllegalArgumentException("not an ffmpeg version line: " + versionLine);
    }

    public boolean atLeast(FfmpegVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(FfmpegVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major == NEWEST.major ? "git" : major + "." + minor;
    }
}
