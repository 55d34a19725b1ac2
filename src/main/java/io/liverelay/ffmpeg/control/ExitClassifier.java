package io.liverelay.ffmpeg.control;

import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.error.entity.RelayError;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Explains an ffmpeg that ended without being asked to: from its last log lines, whether the RTMP side
 * failed (refused, unreachable, key rejected, connection dropped) or something else did, and the line that
 * says why.
 */
public final class ExitClassifier {

    private static final List<String> RTMP_SIGNS = List.of("connection refused", "connection timed out",
            "cannot open connection", "server error", "failed to resolve hostname", "error opening output",
            "no route to host", "network is unreachable", "connection reset", "broken pipe",
            "rtmp_connect", "handshake", "tls", "i/o error");

    private static final List<String> LEVEL_TAGS = List.of("[info]", "[warning]", "[verbose]", "[debug]",
            "[trace]", "[panic]");

    public record Verdict(RelayError error, String cause) {
    }

    private ExitClassifier() {
    }

    public static Verdict classify(ExitReport report) {
        Optional<String> certificate = certificateRefused(report.lastLines());
        if (certificate.isPresent()) {
            return new Verdict(RelayError.RTMP_TLS_FAILED, certificate.get());
        }
        Optional<String> rtmp = lastMatching(report.lastLines(), true);
        if (rtmp.isPresent()) {
            return new Verdict(RelayError.RTMP_CONNECTION_FAILED, rtmp.get());
        }
        String cause = lastMatching(report.lastLines(), false)
                .orElse(report.killed() ? "ffmpeg was killed" : "ffmpeg exited with code " + report.exitCode());
        return new Verdict(RelayError.FFMPEG_UNEXPECTED_END, cause);
    }

    /**
     * The TLS layer's own error about the server's certificate ("Peer certificate failed verification", "The
     * certificate's owner does not match hostname …"), without ffmpeg's prefix. Other TLS errors (a connection
     * reset mid-stream) are the RTMP side failing, which a reconnect may mend.
     */
    private static Optional<String> certificateRefused(List<String> lines) {
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            int tag = lower.indexOf("[error] ");
            if (lower.contains("[tls @") && tag >= 0 && lower.contains("certificate")) {
                return Optional.of(line.substring(tag + "[error] ".length()).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * With {@code -loglevel level+info} ffmpeg tags every line; only error and fatal lines explain an end.
     * An untagged line (the relay's own note) counts when it speaks of an error.
     */
    private static boolean isErrorLine(String lower) {
        if (lower.contains("[error]") || lower.contains("[fatal]")) {
            return true;
        }
        boolean tagged = LEVEL_TAGS.stream().anyMatch(lower::contains);
        return !tagged && (lower.contains("error") || lower.contains("invalid") || lower.contains("failed"));
    }

    private static Optional<String> lastMatching(List<String> lines, boolean rtmpOnly) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            String lower = line.toLowerCase(Locale.ROOT);
            if (!isErrorLine(lower)) {
                continue;
            }
            if (!rtmpOnly || RTMP_SIGNS.stream().anyMatch(lower::contains)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
