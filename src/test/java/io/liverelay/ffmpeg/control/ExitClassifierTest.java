package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.ffmpeg.control.ExitClassifier.Verdict;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.error.entity.RelayError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines marked 5.1 were printed by this machine's ffmpeg 5.1; the others are ffmpeg 7 spellings. */
class ExitClassifierTest {

    private static final List<String> START = List.of(
            "[info] Input #0, lavfi, from 'testsrc':",
            "[info]   Duration: N/A, start: 0.000000, bitrate: N/A",
            "[info]   Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24, 320x240 [SAR 1:1 DAR 4:3], 25 tbr,"
                    + " 25 tbn");

    @ParameterizedTest
    @ValueSource(strings = {
        "[tcp @ 0x5] [error] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused",
        "[out#0/flv @ 0x5] [error] Error opening output rtmp://127.0.0.1:1/live/k…: Connection refused",
        "[rtmp @ 0x5] [error] Server error: Stream key invalid",
        "[rtmp @ 0x5583ce639b00] [error] Cannot open connection tcp://127.0.0.1:1?tcp_nodelay=0", // 5.1
        "[error] rtmp://127.0.0.1:1/live/…: Connection refused", // 5.1
        "[tcp @ 0x5] [error] Failed to resolve hostname ingest.invalid: Name or service not known",
        "[tcp @ 0x5] [error] Connection to tcp://10.255.255.1:1935?tcp_nodelay=0 failed: Connection timed out",
        "[fatal] Error opening output files: Network is unreachable",
        "[error] av_interleaved_write_frame(): Broken pipe",
        "[tls @ 0x5] [error] A TLS fatal alert has been received.",
        "[rtmp @ 0x5] [error] RTMP handshake failed"})
    void rtmpSideFailures(String line) {
        Verdict verdict = classify(unexpected(lines(line)));

        assertEquals(RelayError.RTMP_CONNECTION_FAILED, verdict.error());
        assertEquals(line, verdict.cause());
    }

    @Test
    void refusedConnectionAsThisMachinesFfmpegReportsIt() {
        List<String> recorded = lines(
                "[tcp @ 0x5583ce63a200] [error] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused",
                "[rtmp @ 0x5583ce639b00] [error] Cannot open connection tcp://127.0.0.1:1?tcp_nodelay=0",
                "[error] rtmp://127.0.0.1:1/live/…: Connection refused");

        Verdict verdict = classify(new ExitReport(1, false, false, recorded));

        assertEquals(RelayError.RTMP_CONNECTION_FAILED, verdict.error());
        assertEquals("[error] rtmp://127.0.0.1:1/live/…: Connection refused", verdict.cause());
    }

    @Test
    void rtmpFailureIsFoundBehindLaterLines() {
        Verdict verdict = classify(unexpected(lines(
                "[rtmp @ 0x5] [error] Server error: Stream key invalid",
                "[error] Error writing trailer: Invalid argument",
                "[info] Conversion failed!")));

        assertEquals(RelayError.RTMP_CONNECTION_FAILED, verdict.error());
        assertEquals("[rtmp @ 0x5] [error] Server error: Stream key invalid", verdict.cause());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[in#0 @ 0x5] [error] Error opening input: Invalid data found when processing input",
        "[error] pipe:0: Invalid data found when processing input", // 5.1
        "[matroska,webm @ 0x55b4cb2cc040] [error] EBML header parsing failed", // 5.1
        "[vist#0:0/vp8 @ 0x5] [error] Error while decoding stream #0:0: Invalid data found when processing input",
        "[fatal] Error opening input files: Invalid data found when processing input"})
    void inputAndDecoderErrorsAreAnUnexpectedEndWithThatLine(String line) {
        Verdict verdict = classify(unexpected(lines(line)));

        assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error());
        assertEquals(line, verdict.cause());
    }

    @Test
    void garbageInputAsThisMachinesFfmpegReportsIt() {
        List<String> recorded = List.of(
                "[matroska,webm @ 0x55b4cb2cc040] [error] File ended prematurely",
                "[matroska,webm @ 0x55b4cb2cc040] [error] EBML header parsing failed",
                "[error] pipe:0: Invalid data found when processing input");

        Verdict verdict = classify(new ExitReport(1, false, false, recorded));

        assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error());
        assertEquals("[error] pipe:0: Invalid data found when processing input", verdict.cause());
    }

    @Test
    void killedWithoutLines() {
        Verdict verdict = classify(new ExitReport(137, false, true, List.of()));

        assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error());
        assertEquals("ffmpeg was killed", verdict.cause());
    }

    @Test
    void killedWithOnlyInformationLines() {
        Verdict verdict = classify(new ExitReport(-1, false, true, START));

        assertEquals("ffmpeg was killed", verdict.cause());
    }

    @Test
    void exitCodeWhenNothingExplainsTheEnd() {
        Verdict verdict = classify(new ExitReport(69, false, false, START));

        assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error());
        assertEquals("ffmpeg exited with code 69", verdict.cause());
    }

    @Test
    void informationLinesAreNoRtmpSign() {
        Verdict verdict = classify(unexpected(lines(
                "[info] Output #0, flv, to 'rtmps://tls.live.example/app/ab…kl':",
                "[vist#0:0/vp8 @ 0x5] [error] Error while decoding stream #0:0: Invalid data found when processing"
                        + " input")));

        assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[tls @ 0x55684053a100] [error] Peer certificate failed verification", // 5.1 and the bundled 4.4.1
        "[tls @ 0x55bb581aa100] [error] The certificate's owner does not match hostname localhost"})
    void aRefusedCertificateIsNamedAndNotRetried(String line) {
        Verdict verdict = classify(unexpected(lines(line,
                "[rtmps @ 0x55684053df00] [error] Cannot open connection tls://127.0.0.1:19444",
                "[error] rtmps://127.0.0.1:19444/live/…: Input/output error")));

        assertEquals(RelayError.RTMP_TLS_FAILED, verdict.error());
        assertEquals(line.substring(line.indexOf("[error] ") + 8), verdict.cause());
    }

    @Test
    void aTlsErrorMidStreamIsTheRtmpSideFailing() {
        String line = "[tls @ 0x5] [error] Error in the pull function.";

        assertEquals(RelayError.RTMP_CONNECTION_FAILED, classify(unexpected(lines(line))).error());
    }

    private static List<String> lines(String... last) {
        List<String> all = new ArrayList<>(START);
        all.addAll(List.of(last));
        return all;
    }

    private static ExitReport unexpected(List<String> lastLines) {
        return new ExitReport(1, false, false, lastLines);
    }

    private static Verdict classify(ExitReport report) {
        return ExitClassifier.classify(report);
    }
}
