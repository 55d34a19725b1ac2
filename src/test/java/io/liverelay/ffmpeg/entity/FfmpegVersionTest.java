package io.liverelay.ffmpeg.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FfmpegVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ffmpeg version 5.1.9-0+deb12u1 | 5 | 1",
        "ffmpeg version 4.4.1-static https://johnvansickle.com/ffmpeg/ | 4 | 4",
        "ffmpeg version n7.1 | 7 | 1",
        "ffmpeg version 7.1.1 | 7 | 1",
        "ffmpeg version 6.0-static | 6 | 0"})
    void readsTheReleaseFromTheVersionLine(String line, int major, int minor) {
        assertEquals(new FfmpegVersion(major, minor), FfmpegVersion.parse(line));
    }

    @Test
    void aGitBuildIsTheNewest() {
        FfmpegVersion git = FfmpegVersion.parse("ffmpeg version N-118000-g1234abcd");

        assertTrue(git.atLeast(new FfmpegVersion(99, 0)));
        assertEquals("git", git.toString());
    }

    @Test
    void releasesCompareByMajorThenMinor() {
        assertTrue(new FfmpegVersion(4, 4).atLeast(FfmpegVersion.OLDEST_SUPPORTED));
        assertFalse(new FfmpegVersion(4, 3).atLeast(FfmpegVersion.OLDEST_SUPPORTED));
        assertFalse(new FfmpegVersion(4, 4).atLeast(FfmpegVersion.FPS_MODE));
        assertTrue(new FfmpegVersion(10, 0).atLeast(FfmpegVersion.FPS_MODE));
    }

    @Test
    void aLineWithoutAVersionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FfmpegVersion.parse("bash: ffmpeg: command not found"));
    }
}
