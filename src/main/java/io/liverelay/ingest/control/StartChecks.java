package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.FfmpegLocator;

/**
 * What a start passes through before its ffmpeg runs, in this order: the application's hooks, the relay's checks
 * of the settings and the destination, and the ffmpeg to run ({@link StartPreparation}).
 */
record StartChecks(StartHooks hooks, StartValidator validator, FfmpegLocator locator) {
}
