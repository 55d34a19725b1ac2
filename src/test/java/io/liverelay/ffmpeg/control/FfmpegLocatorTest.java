package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.config.control.Settings;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ffmpeg.entity.FfmpegBinary.Source;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.testsupport.Tools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which ffmpeg the relay runs: the configured one or nothing, else the first usable one on the PATH, else the
 * bundled one. The broken and the too old candidates are small scripts that answer {@code -version} as such a
 * binary would; the usable one is the machine's real ffmpeg.
 */
class FfmpegLocatorTest {

    @Test
    void theFirstUsableOneOnThePathWinsBrokenAndOldOnesAreSkipped() throws Exception {
        Path broken = fake("ffmpeg: error while loading shared libraries: libpulse.so.0: cannot open shared object"
                + " file", 127);
        Path old = fake("ffmpeg version 4.2.7-0ubuntu0.1 Copyright (c) 2000-2022 the FFmpeg developers", 0);
        Path real = Files.createTempDirectory("real").resolve("ffmpeg");
        Files.createSymbolicLink(real, Tools.ffmpeg().toRealPath());

        FfmpegBinary found = locator(Map.of(), broken, old, real.getParent()).ffmpeg();

        assertEquals(Source.PATH, found.source());
        assertEquals(real, found.path());
        assertTrue(found.addsSilence(), "the machine's ffmpeg lists lavfi and anullsrc: " + found.lacks());
    }

    @Test
    void anFfmpegThatListsNoSilenceIsUsedAndSaysWhatItLacks() throws Exception {
        Path bare = fake("ffmpeg version 6.0 Copyright (c) 2000-2023 the FFmpeg developers", 0); // lists nothing

        FfmpegBinary found = locator(Map.of(), bare).ffmpeg();

        assertEquals(bare.resolve("ffmpeg"), found.path());
        assertEquals(List.of("lavfi", "anullsrc"), found.lacks());
    }

    @Test
    void withNoUsableOneOnThePathTheBundledOneRuns() throws Exception {
        Path old = fake("ffmpeg version 4.3.1 Copyright (c) 2000-2020 the FFmpeg developers", 0);

        FfmpegBinary found = locator(Map.of(), old, Path.of("/nonexistent")).ffmpeg();

        assertEquals(Source.BUNDLED, found.source());
        assertTrue(found.version().startsWith("ffmpeg version 4.4"), found.version());
        assertTrue(found.addsSilence(), "the bundled ffmpeg lists lavfi and anullsrc: " + found.lacks());
    }

    @Test
    void aConfiguredOneThatIsNotUsableIsAnErrorNeverAFallback() throws Exception {
        Path old = fake("ffmpeg version 4.2.7 Copyright (c) 2000-2022 the FFmpeg developers", 0);
        Path real = Files.createTempDirectory("real").resolve("ffmpeg");
        Files.createSymbolicLink(real, Tools.ffmpeg().toRealPath());
        FfmpegLocator locator = locator(Map.of("relay.ffmpeg.path", old.resolve("ffmpeg").toString()), real.getParent());

        RelayException e = assertThrows(RelayException.class, locator::ffmpeg);

        assertEquals(RelayError.FFMPEG_NOT_FOUND, e.error());
    }

    @Test
    void aConfiguredOneIsUsedBeforeThePath() throws Exception {
        Path bundled = BundledFfmpeg.extract().path();
        FfmpegLocator locator = locator(Map.of("relay.ffmpeg.path", bundled.toString()), Tools.ffmpeg().getParent());

        FfmpegBinary found = locator.ffmpeg();

        assertEquals(Source.CONFIGURED, found.source());
        assertEquals(bundled, found.path());
    }

    @Test
    void theProbeSaysWhyABinaryCannotRun() throws IOException {
        Path text = Files.createTempDirectory("text").resolve("ffmpeg");
        Files.writeString(text, "not a program");
        text.toFile().setExecutable(true);

        assertTrue(FfmpegProbe.ask(Path.of("/nonexistent/ffmpeg")).problem().startsWith("cannot execute"));
        assertTrue(FfmpegProbe.ask(text).problem().startsWith(text + " -version exited with"),
                FfmpegProbe.ask(text).problem());
        assertTrue(FfmpegProbe.ask(fake("error while loading shared libraries: libva.so.2", 127).resolve("ffmpeg"))
                .problem().contains("exited with 127: error while loading shared libraries: libva.so.2"));
    }

    /** A folder with an "ffmpeg" that prints {@code line} and exits with {@code status}. */
    private static Path fake(String line, int status) throws IOException {
        Path dir = Files.createTempDirectory("fake-ffmpeg");
        Path ffmpeg = dir.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\necho '" + line + "'\nexit " + status + "\n");
        ffmpeg.toFile().setExecutable(true);
        return dir;
    }

    private static FfmpegLocator locator(Map<String, String> options, Path... path) {
        RelayConfig config = new RelayConfig();
        config.read(new Settings(new HashMap<>(options)::get, name -> null));
        FfmpegLocator locator = new FfmpegLocator();
        locator.config = config;
        locator.pathVariable = () -> String.join(File.pathSeparator, List.of(path).stream().map(Path::toString).toList());
        return locator;
    }
}
