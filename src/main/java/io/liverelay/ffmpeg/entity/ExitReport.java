package io.liverelay.ffmpeg.entity;

import java.util.List;

/**
 * How an ffmpeg ended: its exit code (-1 when it had to be killed), whether the relay asked it to stop, and
 * its last log lines (already redacted) to explain an unexpected end.
 */
public record ExitReport(int exitCode, boolean requested, boolean killed, List<String> lastLines) {
}
