package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import io.liverelay.config.entity.AacCoder;
import io.liverelay.ffmpeg.entity.FfmpegVersion;
import io.liverelay.ffmpeg.entity.MediaType;
import io.liverelay.ffmpeg.entity.StreamConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FfmpegCommandTest {

    @Test
    void ffmpegConnectsToTheCheckedAddressAndKeepsTheNameInTheTcUrl() throws Exception {
        Destination pinned = new Destination(URI.create("rtmp://live.example/app/key"), "key")
                .at(java.net.InetAddress.getByAddress("live.example", new byte[] {(byte) 203, 0, 113, 7}));
        List<String> args = FfmpegCommand.builder(FFMPEG, new StreamConfig(pinned, "video/x-matroska;codecs=avc1,opus",
                30, 48000, 128000, 2_500_000)).build();

        assertEquals("rtmp://203.0.113.7/app/key", args.get(args.size() - 1));
        assertEquals("rtmp://live.example:1935/app", valueAfter(args, "-rtmp_tcurl"));
        assertFalse(args.contains("-tls_verify"), "no TLS for rtmp://");
    }

    @Test
    void rtmpsChecksTheCertificateAgainstTheAuthoritiesAndTheName() {
        List<String> args = FfmpegCommand.builder(FFMPEG, rtmps()).tls(true, "/etc/ssl/certs/ca-certificates.crt").build();

        assertEquals("1", valueAfter(args, "-tls_verify"));
        assertEquals("/etc/ssl/certs/ca-certificates.crt", valueAfter(args, "-ca_file"));
        assertEquals("ingest.example", valueAfter(args, "-verifyhost"));
        assertTrue(args.indexOf("-tls_verify") < args.size() - 1, "options come before the output");
    }

    @Test
    void theOperatorsOptOutLeavesTheNameForSniOnly() {
        List<String> args = FfmpegCommand.builder(FFMPEG, rtmps()).tls(false, null).build();

        assertFalse(args.contains("-tls_verify") || args.contains("-ca_file"), args::toString);
        assertEquals("ingest.example", valueAfter(args, "-verifyhost"));
    }

    @Test
    void verifyingWithoutAuthoritiesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FfmpegCommand.builder(FFMPEG, rtmps()).tls(true, null).build());
    }

    private static StreamConfig rtmps() {
        return new StreamConfig(new Destination(URI.create("rtmps://ingest.example/live/key"), "key"),
                "video/x-matroska;codecs=avc1,opus", 30, 48000, 128000, 2_500_000);
    }

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    private static final String URL = "rtmp://127.0.0.1:1935/live/key";
    private static final Destination DESTINATION = new Destination(URI.create(URL), "key");

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/webm;codecs=h264,opus",
        "video/x-matroska;codecs=avc1.42E01F,opus", "video/mp4;codecs=avc1"})
    void h264IsCopied(String mimeType) {
        List<String> args = build(config(mimeType, 30));

        assertEquals("copy", valueAfter(args, "-c:v"));
        assertTrue(args.stream().noneMatch(a -> a.contains("libx264")), () -> "libx264 in " + args);
        assertAll(() -> assertFalse(args.contains("-b:v")), () -> assertFalse(args.contains("-r")),
                () -> assertFalse(args.contains("-g")), () -> assertFalse(args.contains("-preset")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm",
        "video/x-matroska;codecs=vp9"})
    void otherVideoIsTranscodedAtTheClientsRateAndBitrate(String mimeType) {
        List<String> args = build(new StreamConfig(DESTINATION, mimeType, 30, 48000, 96000, 3_000_000));

        assertAll(
                () -> assertEquals("libx264", valueAfter(args, "-c:v")),
                () -> assertEquals("3000000", valueAfter(args, "-b:v")),
                () -> assertEquals("3000000", valueAfter(args, "-maxrate")),
                () -> assertEquals("6000000", valueAfter(args, "-bufsize")),
                () -> assertEquals("30", valueAfter(args, "-r")),
                () -> assertEquals("cfr", valueAfter(args, "-fps_mode"), "a constant frame rate keeps keyframes 2 s apart"),
                () -> assertEquals("60", valueAfter(args, "-g")),
                () -> assertEquals("60", valueAfter(args, "-keyint_min")),
                () -> assertEquals("0", valueAfter(args, "-sc_threshold")),
                () -> assertEquals("veryfast", valueAfter(args, "-preset")),
                () -> assertEquals("yuv420p", valueAfter(args, "-pix_fmt")));
    }

    @ParameterizedTest
    @CsvSource({"4, 4, -vsync", "5, 0, -vsync", "5, 1, -fps_mode", "7, 1, -fps_mode"})
    void theConstantFrameRateOptionIsTheOneThatReleaseKnows(int major, int minor, String option) {
        List<String> args = FfmpegCommand.builder(FFMPEG, new StreamConfig(DESTINATION, "video/webm;codecs=vp8,opus",
                30, 48000, 96000, 3_000_000)).release(new FfmpegVersion(major, minor)).build();

        assertEquals("cfr", valueAfter(args, option));
        assertEquals(1, args.stream().filter(a -> a.equals("-vsync") || a.equals("-fps_mode")).count(), () -> "" + args);
    }

    @Test
    void keyframeIntervalIsFramerateTimesSeconds() {
        List<String> args = FfmpegCommand.builder(FFMPEG, config("video/webm;codecs=vp8,opus", 25))
                .keyframeSeconds(4).preset("medium").build();

        assertAll(
                () -> assertEquals("25", valueAfter(args, "-r")),
                () -> assertEquals("100", valueAfter(args, "-g")),
                () -> assertEquals("100", valueAfter(args, "-keyint_min")),
                () -> assertEquals("medium", valueAfter(args, "-preset")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/webm;codecs=vp8,opus"})
    void audioIsAacAtTheClientsBitrateAndSampleRateInBothModes(String mimeType) {
        List<String> args = build(new StreamConfig(DESTINATION, mimeType, 30, 44100, 64000, 2_500_000));

        assertAll(
                () -> assertEquals("aac", valueAfter(args, "-c:a")),
                () -> assertEquals("64000", valueAfter(args, "-b:a")),
                () -> assertEquals("44100", valueAfter(args, "-ar")));
    }

    @Test
    void theFastAacCoderIsTheDefaultAndTwoloopCanBeChosen() {
        StreamConfig opus = new StreamConfig(DESTINATION, "video/webm;codecs=vp8,opus", 30, 44100, 64000, 2_500_000);

        assertEquals("fast", valueAfter(FfmpegCommand.builder(FFMPEG, opus).build(), "-aac_coder"));
        assertEquals("twoloop", valueAfter(FfmpegCommand.builder(FFMPEG, opus).aacCoder(AacCoder.TWOLOOP).build(),
                "-aac_coder"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "anmr", "FAST", "fast;rm", "-y"})
    void unknownAacCoderIsRefused(String coder) {
        assertTrue(AacCoder.of(coder).isEmpty());
        var builder = FfmpegCommand.builder(FFMPEG, config("video/webm", 30));
        assertThrows(NullPointerException.class, () -> builder.aacCoder(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/mp4;codecs=avc1,mp4a.40.2", "video/mp4;codecs=\"avc1.42E01E, mp4a.40.2\"",
        "VIDEO/MP4;CODECS=AVC1,MP4A"})
    void aacFromTheRecorderIsCopiedWithoutBitrateOrSampleRate(String mimeType) {
        List<String> args = build(new StreamConfig(DESTINATION, mimeType, 30, 44100, 64000, 2_500_000));

        assertAll(
                () -> assertEquals("copy", valueAfter(args, "-c:a")),
                () -> assertEquals("copy", valueAfter(args, "-c:v")),
                () -> assertFalse(args.contains("-b:a")),
                () -> assertFalse(args.contains("-ar")),
                () -> assertFalse(args.contains("-aac_coder")));
    }

    @Test
    void opusInMp4IsStillEncoded() {
        List<String> args = build(new StreamConfig(DESTINATION, "video/mp4;codecs=avc1,opus", 30, 48000, 96000,
                2_500_000));

        assertEquals("aac", valueAfter(args, "-c:a"));
        assertEquals("48000", valueAfter(args, "-ar"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/mp4;codecs=avc1,mp4a.40.2", "video/x-matroska;codecs=avc1,opus", "video/webm"})
    void ffmpegDoesNotWaitForFramesToGuessAFrameRate(String mimeType) {
        List<String> args = build(config(mimeType, 30));

        assertEquals("0", valueAfter(args, "-fpsprobesize"));
        assertTrue(args.indexOf("-fpsprobesize") < args.indexOf("-i"), "an input option");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/webm                       | matroska",
        "video/webm;codecs=vp8,opus       | matroska",
        "video/x-matroska;codecs=avc1,opus | matroska",
        "video/mp4                        | mp4",
        "video/mp4;codecs=avc1,mp4a.40.2  | mp4",
        "VIDEO/MP4                        | mp4"})
    void inputFormatFollowsTheContainer(String mimeType, String format) {
        List<String> args = build(config(mimeType, 30));

        int input = args.indexOf("-i");
        assertEquals("pipe:0", args.get(input + 1));
        assertEquals("-f", args.get(input - 2));
        assertEquals(format, args.get(input - 1));
    }

    @Test
    void readsStdinReportsProgressOnStdoutAndPublishesFlv() {
        List<String> args = build(config("video/webm", 30));

        assertAll(
                () -> assertEquals(FFMPEG.toString(), args.get(0)),
                () -> assertEquals("pipe:1", valueAfter(args, "-progress")),
                () -> assertEquals("flv", args.get(args.lastIndexOf("-f") + 1)),
                () -> assertTrue(args.contains("-nostats")));
    }

    @Test
    void theConverterOfSeveralDestinationsWritesFlvToStdoutAndReportsOnStderr() {
        List<String> args = FfmpegCommand.builder(FFMPEG, config("video/webm", 30)).toPipe().build();

        assertAll(
                () -> assertEquals("pipe:2", valueAfter(args, "-progress")),
                () -> assertEquals("pipe:1", args.get(args.size() - 1)),
                () -> assertEquals("flv", args.get(args.lastIndexOf("-f") + 1)),
                () -> assertTrue(args.stream().noneMatch(a -> a.startsWith("rtmp")), "no destination: " + args));
    }

    @Test
    void aRecordingCopiesPicturesAndSoundIntoFragmentedMp4WithinItsCaps() {
        List<String> args = FfmpegCommand.recording(FFMPEG, Path.of("/var/rec/x.mp4"), 1000, 60);

        assertAll(
                () -> assertEquals("/var/rec/x.mp4", args.get(args.size() - 1)),
                () -> assertEquals("mp4", args.get(args.lastIndexOf("-f") + 1)),
                // a fragment per keyframe and the index first: a relay killed mid-stream leaves a playable file
                () -> assertEquals("+frag_keyframe+empty_moov+default_base_moof", valueAfter(args, "-movflags")),
                () -> assertEquals("1000", valueAfter(args, "-fs")),
                () -> assertEquals("60", valueAfter(args, "-t")),
                () -> assertEquals(List.of("0:v?", "0:a?"), List.of(args.get(args.indexOf("-map") + 1),
                        args.get(args.lastIndexOf("-map") + 1))));
        assertTrue(FfmpegCommand.recording(FFMPEG, Path.of("relative.mp4"), 1000, 60).get(
                args.size() - 1).startsWith("/"), "a relative path is made absolute: it never starts with '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/webm;codecs=vp8,opus"})
    void destinationIsTheLastArgumentAndAppearsOnce(String mimeType) {
        List<String> args = build(config(mimeType, 30));

        assertEquals(URL, args.get(args.size() - 1));
        assertEquals(1, Collections.frequency(args, URL));
        assertEquals(1, args.stream().filter(a -> a.contains("live/key")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/webm;codecs=vp8,opus"})
    void aStalledRtmpServerCannotHoldFfmpegForever(String mimeType) {
        List<String> args = build(config(mimeType, 30));
        assertEquals("15000000", valueAfter(args, "-rw_timeout"), "15 s by default, in microseconds");
        assertTrue(args.indexOf("-rw_timeout") > args.lastIndexOf("-i"), "an output option, for the RTMP side");
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/webm;codecs=vp8,opus"})
    void everyArgumentIsOneTokenNotAShellString(String mimeType) {
        List<String> args = build(config(mimeType, 30));

        for (String arg : args) {
            assertFalse(arg.isBlank(), () -> "blank argument in " + args);
            assertTrue(arg.chars().noneMatch(Character::isWhitespace), () -> "'" + arg + "' holds white space");
        }
    }

    @Test
    void listIsImmutable() {
        List<String> args = build(config("video/webm", 30));

        assertThrows(UnsupportedOperationException.class, () -> args.add("-y"));
        assertThrows(UnsupportedOperationException.class, () -> args.set(args.size() - 1, "file:/tmp/x"));
        assertThrows(UnsupportedOperationException.class, () -> args.remove(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fastest", "VERYFAST", "veryfast ", "veryfast;rm", "-y"})
    void unknownPresetIsRefused(String preset) {
        var builder = FfmpegCommand.builder(FFMPEG, config("video/webm", 30));

        assertThrows(IllegalArgumentException.class, () -> builder.preset(preset));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 11, 60})
    void keyframeSecondsOutOfRangeAreRefused(int seconds) {
        var builder = FfmpegCommand.builder(FFMPEG, config("video/webm", 30));

        assertThrows(IllegalArgumentException.class, () -> builder.keyframeSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10})
    void keyframeSecondsAtTheLimitsAreAccepted(int seconds) {
        List<String> args = FfmpegCommand.builder(FFMPEG, config("video/webm", 30)).keyframeSeconds(seconds).build();

        assertEquals(Integer.toString(30 * seconds), valueAfter(args, "-g"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-y", "-f", "-i/etc/passwd"})
    void destinationStartingWithDashIsRefused(String url) {
        var config = new StreamConfig(new Destination(URI.create(url), ""), "video/webm", 30, 48000, 128000,
                2_500_000);
        var builder = FfmpegCommand.builder(FFMPEG, config);

        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/webm;codecs=vp8             | true  | 48000 | 48000",
        "video/x-matroska;codecs=avc1      | true  | 44000 | 44100",
        "video/x-matroska;codecs=avc1,opus | false | 44100 | 44100",
        "video/webm                        | false | 32000 | 32000"})
    void withoutSoundSilenceAtTheChosenAacRateIsTheSecondInput(String mimeType, boolean audio, int asked, int aac)
            throws Exception {
        List<String> args = build(config(mimeType, audio, asked));

        int second = args.lastIndexOf("-i");
        assertAll(
                () -> assertEquals(2, Collections.frequency(args, "-i"), args::toString),
                () -> assertEquals("pipe:0", args.get(args.indexOf("-i") + 1), "the browser's media comes first"),
                () -> assertEquals(List.of("-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=" + aac),
                        args.subList(second - 2, second + 2)),
                () -> assertEquals(List.of("-map", "0:v:0", "-map", "1:a:0"), args.subList(second + 2, second + 6),
                        "pictures from the browser, sound from the silence"),
                () -> assertEquals("64", valueAfter(args, "-thread_queue_size")),
                () -> assertTrue(args.indexOf("-thread_queue_size") < args.indexOf("-i"), "an option of the pipe"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void silenceIsEncodedWithTheSameAacSettingsAndEndsWithThePictures(boolean toPipe) throws Exception {
        var builder = FfmpegCommand.builder(FFMPEG, config("video/webm;codecs=vp8", true, 48000))
                .aacCoder(AacCoder.TWOLOOP);
        List<String> args = (toPipe ? builder.toPipe() : builder).build();
        List<String> withSound = (toPipe ? FfmpegCommand.builder(FFMPEG, config("video/webm;codecs=vp8,opus", true,
                48000)).aacCoder(AacCoder.TWOLOOP).toPipe() : FfmpegCommand.builder(FFMPEG, config(
                        "video/webm;codecs=vp8,opus", true, 48000)).aacCoder(AacCoder.TWOLOOP)).build();

        assertAll(
                () -> assertEquals(audioOptions(withSound), audioOptions(args)),
                () -> assertEquals(List.of("-c:a", "aac", "-aac_coder", "twoloop", "-b:a", "128000", "-ar", "48000"),
                        audioOptions(args)),
                () -> assertEquals(1, Collections.frequency(args, "-shortest"), args::toString),
                () -> assertTrue(args.indexOf("-shortest") > args.lastIndexOf("-i"), "an output option"),
                () -> assertEquals(toPipe ? "pipe:1" : URL, args.get(args.size() - 1)));
    }

    @Test
    void aacTheBrowserSaysIsNotThereIsEncodedSilenceNotACopy() throws Exception {
        List<String> args = build(config("video/mp4;codecs=avc1,mp4a.40.2", false, 48000));

        assertEquals("aac", valueAfter(args, "-c:a"));
        assertEquals("copy", valueAfter(args, "-c:v"), "the pictures are still copied");
        assertTrue(args.contains("anullsrc=channel_layout=stereo:sample_rate=48000"), args::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/x-matroska;codecs=avc1,opus", "video/mp4;codecs=avc1,mp4a.40.2", "video/webm"})
    void aRecordingWithSoundHasOneInputAsBefore(String mimeType) throws Exception {
        for (List<String> args : List.of(build(config(mimeType, true, 48000)),
                FfmpegCommand.builder(FFMPEG, config(mimeType, true, 48000)).toPipe().build())) {
            assertAll(
                    () -> assertEquals(1, Collections.frequency(args, "-i"), args::toString),
                    () -> assertTrue(args.stream().noneMatch(a -> a.equals("lavfi") || a.startsWith("anullsrc")
                            || a.equals("-shortest") || a.equals("-thread_queue_size")), args::toString),
                    () -> assertEquals(List.of("-map", "0:v:0?", "-map", "0:a:0?"),
                            args.subList(args.indexOf("-map"), args.indexOf("-map") + 4)));
        }
    }

    @Test
    void missingFfmpegOrConfigIsRefused() {
        assertThrows(NullPointerException.class, () -> FfmpegCommand.builder(null, config("video/webm", 30)));
        assertThrows(NullPointerException.class, () -> FfmpegCommand.builder(FFMPEG, null));
    }

    private static StreamConfig config(String mimeType, int framerate) {
        return new StreamConfig(DESTINATION, mimeType, framerate, 48000, 128000, 2_500_000);
    }

    /** {@code audio}: what the browser said about sound. */
    private static StreamConfig config(String mimeType, boolean audio, int sampleRate) throws MediaType.Unknown {
        return new StreamConfig(List.of(DESTINATION), mimeType, 30, sampleRate, 128000, 2_500_000,
                MediaType.parse(mimeType), audio);
    }

    /** The audio codec and its settings, from -c:a on. */
    private static List<String> audioOptions(List<String> args) {
        int codec = args.indexOf("-c:a");
        return args.subList(codec, Math.min(args.size(), codec + 8));
    }

    private static List<String> build(StreamConfig config) {
        return FfmpegCommand.builder(FFMPEG, config).build();
    }

    /** The value of an option that must appear exactly once. */
    private static String valueAfter(List<String> args, String option) {
        assertEquals(1, Collections.frequency(args, option), () -> option + " not exactly once in " + args);
        return args.get(args.indexOf(option) + 1);
    }
}
