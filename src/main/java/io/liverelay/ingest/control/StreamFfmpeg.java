package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.FfmpegOutput;
import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.RelayException;
import io.liverelay.ingest.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamReconnecting;
import io.liverelay.ingest.entity.StreamState;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * The ffmpeg side of one {@link RelayStream}: launches a generation of ffmpeg per try, passes on the current
 * generation's reports, and after the RTMP server went away waits, launches again and replays the held media.
 * It locks the stream itself, so a stream still has one lock; methods without a lock of their own expect it held.
 */
final class StreamFfmpeg {

    // the same logger as the stream's other lines: log filters and readers see no change from the split
    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final RelayStream stream;
    private final SessionOutbox outbox;
    private final StreamServices services;
    private final StreamConfig config;
    private final StartPreparation.CommandSource again;
    private List<String> command;
    private final StreamProgress progress;
    private final Reconnection reconnection;
    private long generation;
    private ChunkPipe pipe;
    private FfmpegProcess process;

    StreamFfmpeg(RelayStream stream, SessionOutbox outbox, StreamServices services, StreamConfig config,
            StartPreparation.Prepared prepared, StreamProgress progress) {
        this.stream = stream;
        this.outbox = outbox;
        this.services = services;
        this.config = config;
        this.command = prepared.command();
        this.again = prepared.again();
        this.progress = progress;
        this.reconnection = new Reconnection(config, services.config());
    }

    /** Starts an ffmpeg for the stream's settings; its reports carry a generation so stale ones are ignored. */
    void launch() throws IOException {
        long current = ++generation;
        pipe = new ChunkPipe(services.config().queueMaxBytes());
        process = FfmpegProcess.start(services.launcher(), command, pipe, new Generation(current),
                config.destination()::redact, services.config().stopGrace(), services.config().terminateGrace(),
                services.executor());
    }

    /** The current generation's process; null when the first launch failed. */
    FfmpegProcess process() {
        return process;
    }

    /** The current generation's input. */
    ChunkPipe pipe() {
        return pipe;
    }

    /** Media on its way to the running ffmpeg, followed so that a reconnect knows where to resume. */
    void observe(byte[] chunk) {
        reconnection.observe(chunk);
    }

    /** Media that arrived while no ffmpeg runs: the next generation gets it. */
    void hold(byte[] chunk) {
        reconnection.hold(chunk);
    }

    boolean shouldRetry(RelayError error) {
        return reconnection.shouldRetry(error);
    }

    /** What to say when ffmpeg ended for good: the error itself, or that the reconnects gave up. */
    String failure(RelayError error) {
        return reconnection.attempt() > 0 ? Reconnection.gaveUp(reconnection.attempt()) : error.summary();
    }

    /**
     * The RTMP side failed mid-stream: tell the browser and try again after a pause, while the stream holds
     * the media. False when no try can be scheduled (the application is stopping).
     */
    boolean reconnect(String cause) {
        progress.restart();
        Duration delay = reconnection.begin();
        LOG.log(Level.WARNING, "Stream {0} lost its RTMP server ({1}); try {2} of {3} in {4} s", stream.id(),
                cause, reconnection.attempt(), reconnection.maxAttempts(), delay.toSeconds());
        outbox.send(ServerMessages.reconnecting(reconnection.attempt(), reconnection.maxAttempts(), delay));
        services.events().fire(new StreamReconnecting(stream.id(), reconnection.attempt(), cause));
        try {
            services.executor().execute(() -> relaunchAfter(delay));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void relaunchAfter(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<String> next;
        try {
            next = again.command(); // the name resolved and checked again, holding no lock
        } catch (RelayException e) {
            LOG.log(Level.WARNING, "Stream {0}: its destination was refused before a reconnect: {1}", stream.id(),
                    e.getMessage());
            stream.relaunchFailed(e.error(), e.getMessage());
            return;
        }
        synchronized (stream) {
            if (stream.state() != StreamState.RECONNECTING) {
                return; // stopped meanwhile
            }
            try {
                command = next;
                launch();
                for (byte[] chunk : reconnection.replay()) {
                    pipe.offer(chunk);
                }
                stream.resumed();
                progress.relaunched();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "Stream " + stream.id() + ": ffmpeg could not be started again", e);
                stream.relaunchFailed();
            }
        }
    }

    private void onProgress(long number, Progress latest) {
        synchronized (stream) {
            if (number != generation) {
                return;
            }
            boolean liveAgain = progress.update(latest);
            if (latest.frames() > 0) {
                reconnection.wentLive();
            }
            if (liveAgain) {
                LOG.log(Level.INFO, "Stream {0} is live again", stream.id());
                outbox.send(ServerMessages.live());
            }
            outbox.sendDroppable(ServerMessages.progress(progress.total()));
        }
    }

    private void onExit(long number, ExitReport report) {
        synchronized (stream) {
            if (number == generation) {
                stream.ffmpegExited(report);
            }
        }
    }

    /** The listener of one ffmpeg: passes its reports on while it is the stream's current one. */
    private final class Generation implements FfmpegProcess.Listener {
        private final long number;

        Generation(long number) {
            this.number = number;
        }

        @Override
        public void onLine(String line) {
            services.events().fire(new FfmpegOutput(stream.id(), line));
            if (services.config().sendFfmpegOutput()) {
                outbox.sendDroppable(ServerMessages.ffmpegOutput(line));
            }
        }

        @Override
        public void onProgress(Progress latest) {
            StreamFfmpeg.this.onProgress(number, latest);
        }

        @Override
        public void onExit(ExitReport report) {
            StreamFfmpeg.this.onExit(number, report);
        }
    }
}
