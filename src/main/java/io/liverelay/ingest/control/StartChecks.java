package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegLocator;

/**
 * What a start passes through before its ffmpeg runs, in this order: the application's hooks, the relay's checks
 * of the settings and the destination, and the ffmpeg to run ({@link StartPreparation}); and the one trust its
 * RTMPS destinations check their servers with.
 */
record StartChecks(StartHooks hooks, StartValidator validator, FfmpegLocator locator, RtmpsTrust tls) {
}
