package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.ffmpeg.control.ProcessLauncher;
import java.util.concurrent.Executor;

/**
 * What every stream needs from the application, handed over once by the registry: the settings, what a start
 * passes through, where its events go, the limits it counts against, the totals it adds to, the threads it runs
 * on, how its ffmpeg is started and the sweep that
 * times its silences.
 */
record StreamServices(RelayConfig config, StartChecks start, LifecycleEvents events, StreamSlots slots,
        RelayStats stats, Executor executor, ProcessLauncher launcher, IdleSweep idle) {
}
