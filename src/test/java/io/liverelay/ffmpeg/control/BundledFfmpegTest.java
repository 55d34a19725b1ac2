package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import io.liverelay.ffmpeg.entity.FfmpegVersion;
import io.liverelay.ffmpeg.entity.MediaType;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.testsupport.ElfFile;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The static ffmpeg the WAR carries: it must run on a server that has nothing but a kernel and a JDK. */
class BundledFfmpegTest {

    @Test
    void theBundledBinaryIsStaticAndAsksTheDynamicLoaderForNothing() {
        Path ffmpeg = extracted();
        ElfFile elf = ElfFile.read(ffmpeg);

        assertEquals(ElfFile.EM_X86_64, elf.machine());
        assertTrue(elf.isStatic(), () -> "an interpreter or a dynamic segment: " + elf.segmentTypes());
    }

    @Test
    void itIsWrittenWhereOnlyThisUserCanReadItAndAnswersWithItsVersion() throws IOException {
        Path ffmpeg = extracted();
        FfmpegProbe.Answer answer = FfmpegProbe.ask(ffmpeg);

        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ffmpeg)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ffmpeg.getParent())));
        assertTrue(answer.ran(), answer::problem);
        assertTrue(FfmpegVersion.parse(answer.version()).atLeast(FfmpegVersion.OLDEST_SUPPORTED), answer::version);
        assertEquals(ffmpeg, BundledFfmpeg.extract().path(), "written once per JVM");
    }

    @Test
    void theNextStartReusesTheFolderInsteadOfFillingTheDisk() throws IOException {
        Path tmp = Files.createTempDirectory("tmp");
        Path first = BundledFfmpeg.write(loader(), tmp).path();
        FileTime written = Files.getLastModifiedTime(first);

        Path second = BundledFfmpeg.write(loader(), tmp).path();

        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second), "not written again");
        assertTrue(first.getParent().getFileName().toString().startsWith("live-relay-ffmpeg-3.5.0-"), first::toString);
        try (var entries = Files.list(tmp)) {
            assertEquals(1, entries.count(), "one folder, whatever the number of starts");
        }
    }

    @Test
    void aFolderOfThatNameThatOthersCanReadOrThatIsALinkIsNeverUsed() throws IOException {
        for (boolean link : new boolean[] {false, true}) {
            Path tmp = Files.createTempDirectory("tmp");
            Path planted = tmp.resolve("live-relay-ffmpeg-3.5.0-" + System.getProperty("user.name"));
            if (link) {
                Files.createSymbolicLink(planted, Files.createDirectory(tmp.resolve("elsewhere")));
            } else {
                Files.createDirectory(planted, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxrwxrwx")));
            }

            Path ffmpeg = BundledFfmpeg.write(loader(), tmp).path();

            assertNotNull(ffmpeg);
            assertFalse(ffmpeg.startsWith(planted), ffmpeg::toString);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ffmpeg.getParent())));
            assertTrue(FfmpegProbe.ask(ffmpeg).ran());
            try (var entries = Files.list(planted)) {
                assertEquals(0, entries.count(), "nothing written into " + planted);
            }
        }
    }

    @Test
    void aTruncatedCopyIsWrittenAgain() throws IOException {
        Path tmp = Files.createTempDirectory("tmp");
        Path ffmpeg = BundledFfmpeg.write(loader(), tmp).path();
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rw-------"));
        Files.write(ffmpeg, new byte[] {0x7f, 'E', 'L', 'F'});
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("r-x------"));

        assertEquals(ffmpeg, BundledFfmpeg.write(loader(), tmp).path());
        assertTrue(FfmpegProbe.ask(ffmpeg).ran(), "whole again");
    }

    @Test
    void itHasEveryPartTheRelaysCommandsName() {
        Path ffmpeg = extracted();
        String encoders = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-encoders")).output();
        String demuxers = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-demuxers")).output();
        String protocols = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-protocols")).output();
        String aac = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-h", "encoder=aac")).output();
        String formats = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-formats")).output();
        String filters = Tools.run(Duration.ofSeconds(20), List.of(ffmpeg.toString(), "-hide_banner", "-filters")).output();

        assertAll(
                () -> assertTrue(encoders.contains(" libx264 "), "libx264"),
                () -> assertTrue(encoders.matches("(?s).* aac +AAC.*"), "the native AAC encoder"),
                () -> assertTrue(aac.contains("fast"), "the fast AAC coder"),
                () -> assertTrue(demuxers.contains(" matroska,webm "), "Matroska and WebM input"),
                () -> assertTrue(demuxers.contains(" mov,mp4,"), "MP4 input"),
                () -> assertTrue(protocols.contains(" rtmp\n") && protocols.contains(" rtmps\n"), "rtmp and rtmps"),
                () -> assertTrue(formats.matches("(?s).*\\n D +lavfi .*"), "lavfi input, for a silent track"),
                () -> assertTrue(filters.matches("(?s).* anullsrc +\\|->A .*"), "the anullsrc source"));
    }

    /**
     * The command of a stream without sound, as the converter of several destinations runs it (FLV on stdout), on
     * the bundled ffmpeg: 3 s of H.264 in, every picture out, with AAC silence as long as the pictures.
     */
    @Test
    void itAddsASilentTrackToPicturesWithoutSound() throws Exception {
        Path ffmpeg = extracted();
        Path dir = Files.createTempDirectory("silent");
        Path pictures = dir.resolve("pictures.mkv");
        Tools.run(Duration.ofSeconds(60), List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "3", "-c:v", "libx264", "-preset",
                "ultrafast", "-g", "30", "-f", "matroska", pictures.toString())).requireSuccess();
        StreamConfig config = new StreamConfig(List.of(new Destination(URI.create("rtmp://127.0.0.1/live/k"), "k")),
                "video/x-matroska;codecs=avc1", 30, 44000, 64000, 1_000_000,
                MediaType.parse("video/x-matroska;codecs=avc1"), false);
        List<String> command = FfmpegCommand.builder(ffmpeg, config).release(FfmpegVersion.parse(
                FfmpegProbe.ask(ffmpeg).version())).toPipe().build();
        Path flv = dir.resolve("out.flv");

        Process process = new ProcessBuilder(command).redirectInput(pictures.toFile()).redirectOutput(flv.toFile())
                .redirectError(dir.resolve("log.txt").toFile()).start();

        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ffmpeg ended with its input");
        assertEquals(0, process.exitValue(), () -> Files.exists(dir.resolve("log.txt"))
                ? readQuietly(dir.resolve("log.txt")) : "");
        MediaInfo out = Ffprobe.probe(flv);
        List<Ffprobe.Packet> sound = Ffprobe.audioPackets(flv);
        double heard = sound.get(sound.size() - 1).seconds() - sound.get(0).seconds();
        assertAll(
                () -> assertEquals("h264", out.videoCodec()),
                () -> assertEquals(90, out.videoPackets(), "every picture"),
                () -> assertEquals("aac", out.audioCodec()),
                () -> assertEquals(44100, out.audioSampleRate(), "the AAC rate nearest to the asked one"),
                () -> assertEquals(3.0, heard, 0.1, "silence as long as the pictures"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aWarWithoutTheBinarySaysItIsTheSlimBuild() throws IOException {
        try (var empty = new URLClassLoader(new URL[0], null)) {
            BundledFfmpeg.Extracted none = BundledFfmpeg.write(empty, Path.of("/nonexistent"));

            assertNull(none.path());
            assertTrue(none.problem().contains("slim") && none.problem().contains("relay.ffmpeg.path"), none.problem());
        }
    }

    @Test
    void onAnotherPlatformItSaysWhichOneItIsBuiltFor() {
        String arch = System.getProperty("os.arch");
        System.setProperty("os.arch", "aarch64");
        try {
            BundledFfmpeg.Extracted none = BundledFfmpeg.write(loader(), Path.of("/nonexistent"));

            assertNull(none.path());
            assertTrue(none.problem().contains("Linux x86-64") && none.problem().contains("aarch64"), none.problem());
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    private static ClassLoader loader() {
        return BundledFfmpeg.class.getClassLoader();
    }

    private static Path extracted() {
        BundledFfmpeg.Extracted extracted = BundledFfmpeg.extract();
        assertNotNull(extracted.path(), extracted::problem);
        return extracted.path();
    }
}
