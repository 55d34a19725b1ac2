package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.ffmpeg.control.ProcessLauncher;
import java.util.concurrent.Executor;

/** What every stream needs from the application, handed over once by the registry. */
record StreamServices(RelayConfig config, FfmpegLocator locator, StartValidator validator,
        LifecycleEvents events, StartHooks hooks, StreamSlots slots, RelayStats stats, Executor executor,
        ProcessLauncher launcher) {
}
