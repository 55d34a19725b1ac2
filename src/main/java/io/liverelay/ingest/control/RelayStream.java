package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.ExitClassifier;
import io.liverelay.ffmpeg.control.FfmpegCommand;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.ingest.entity.FfmpegOutput;
import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.RelayException;
import io.liverelay.ingest.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamFailed;
import io.liverelay.ingest.entity.StreamStarted;
import io.liverelay.ingest.entity.StreamState;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One browser connection and its stream: takes its control messages and media, runs its ffmpeg, tells the
 * browser and the application (CDI events) what happens, and ends exactly once.
 */
public final class RelayStream implements FfmpegProcess.Listener {

    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final SessionOutbox outbox;
    private final StreamServices services;
    private final Consumer<RelayStream> onEnded;
    private StreamState state = StreamState.CREATED;
    private boolean startSeen;
    private boolean failed;
    private boolean notStartedReported;
    private StreamConfig config;
    private ChunkPipe pipe;
    private FfmpegProcess ffmpeg;
    private volatile Progress progress = Progress.NONE;

    RelayStream(SessionOutbox outbox, StreamServices services, Consumer<RelayStream> onEnded) {
        this.outbox = outbox;
        this.services = services;
        this.onEnded = onEnded;
    }

    public String id() {
        return id;
    }

    public synchronized StreamState state() {
        return state;
    }

    public Progress progress() {
        return progress;
    }

    void onText(String text) {
        try {
            ClientMessage message = MessageParser.parse(text);
            if (message instanceof ClientMessage.Start start) {
                acceptStart(start.config());
            } else {
                stop();
            }
        } catch (RelayException e) {
            report(e.error(), e.getMessage());
        }
    }

    void onBinary(byte[] chunk) {
        ChunkPipe target;
        synchronized (this) {
            if (state != StreamState.RUNNING) {
                if (state == StreamState.CREATED && !notStartedReported) {
                    notStartedReported = true; // one error per burst is enough to tell the client
                    report(RelayError.NOT_STARTED, RelayError.NOT_STARTED.summary());
                }
                return;
            }
            target = pipe;
        }
        if (!target.offer(chunk)) {
            fail(RelayError.QUEUE_FULL, "More than " + services.config().queueMaxBytes()
                    + " bytes of media were waiting for ffmpeg.");
        }
    }

    /** Graceful end, asked by the client or by its disconnect: ffmpeg gets everything received so far. */
    synchronized void stop() {
        switch (state) {
            case CREATED -> end(0, true);
            case RUNNING -> {
                state = StreamState.ENDING;
                ffmpeg.stop();
            }
            default -> {
                // already ending
            }
        }
    }

    /** The application is going away: stop now, a bounded wait is the caller's. */
    synchronized FfmpegProcess shutdown() {
        stop();
        return ffmpeg;
    }

    private synchronized void acceptStart(JsonObject json) throws RelayException {
        if (startSeen) {
            throw new RelayException(RelayError.ALREADY_STARTED, RelayError.ALREADY_STARTED.summary());
        }
        startSeen = true;
        services.executor().execute(() -> start(json));
    }

    /** Runs on the executor: locating ffmpeg and launching it never hold a container thread. */
    private void start(JsonObject json) {
        try {
            StreamConfig validated = services.validator().validate(json);
            FfmpegBinary binary = services.locator().ffmpeg();
            List<String> command = FfmpegCommand.builder(binary.path(), validated)
                    .preset(services.config().transcodePreset())
                    .keyframeSeconds(services.config().keyframeSeconds())
                    .seedReference(services.config().seedReferenceArguments())
                    .build();
            synchronized (this) {
                if (state != StreamState.CREATED) {
                    return; // the browser left while we were getting ready
                }
                config = validated;
                pipe = new ChunkPipe(services.config().queueMaxBytes());
                ffmpeg = FfmpegProcess.start(services.launcher(), command, pipe, this,
                        validated.destination()::redact, services.config().stopGrace(),
                        services.config().terminateGrace(), services.executor());
                state = StreamState.RUNNING;
                outbox.send(ServerMessages.started(id, validated.videoMode()));
            }
            LOG.log(Level.INFO, "Stream {0} started: {1} to {2}, ffmpeg pid {3}", id,
                    validated.videoMode().wireName(), validated.destination().masked(), ffmpeg.pid());
            services.events().fire(new StreamStarted(id, validated.destination().masked(), validated.videoMode(),
                    ffmpeg.pid()));
        } catch (RelayException e) {
            fail(e.error(), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Stream " + id + ": ffmpeg could not be started", e);
            fail(RelayError.FFMPEG_START_FAILED, RelayError.FFMPEG_START_FAILED.summary());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + id + " failed to start", e);
            fail(RelayError.INTERNAL_ERROR, RelayError.INTERNAL_ERROR.summary());
        }
    }

    @Override
    public void onLine(String line) {
        services.events().fire(new FfmpegOutput(id, line));
        if (services.config().sendFfmpegOutput()) {
            outbox.sendDroppable(ServerMessages.ffmpegOutput(line));
        }
    }

    @Override
    public void onProgress(Progress latest) {
        progress = latest;
        outbox.sendDroppable(ServerMessages.progress(latest));
    }

    @Override
    public void onExit(ExitReport report) {
        synchronized (this) {
            if (!report.requested() && !failed) {
                ExitClassifier.Verdict verdict = ExitClassifier.classify(report);
                failed = true;
                report(verdict.error(), verdict.error().summary() + " ffmpeg said: " + verdict.cause());
            }
            end(report.exitCode(), report.requested());
        }
    }

    /** A fatal error: the client hears it once, ffmpeg (if any) is killed, the stream ends. */
    private synchronized void fail(RelayError error, String message) {
        if (failed || state == StreamState.ENDED) {
            return;
        }
        failed = true;
        report(error, message);
        if (ffmpeg != null) {
            state = StreamState.ENDING;
            ffmpeg.kill(); // onExit follows from the supervisor and ends the stream
        } else {
            end(-1, true);
        }
    }

    private void report(RelayError error, String detailed) {
        boolean clientFault = !error.fatal() || error == RelayError.INVALID_PARAMETERS
                || error == RelayError.RTMP_URL_REJECTED;
        String toClient = clientFault || services.config().sendErrorDetails() ? detailed : error.summary();
        LOG.log(error.fatal() ? Level.WARNING : Level.INFO, "Stream {0}: {1}: {2}", id, error, detailed);
        outbox.send(ServerMessages.error(error, toClient));
        services.events().fire(new StreamFailed(id, error, detailed));
    }

    private void end(int exitCode, boolean requested) {
        if (state == StreamState.ENDED) {
            return;
        }
        state = StreamState.ENDED;
        LOG.log(Level.INFO, "Stream {0} ended (ffmpeg exit {1}, {2})", id, exitCode,
                requested ? "as asked" : "unexpectedly");
        outbox.send(ServerMessages.destroyed());
        outbox.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "stream ended"));
        services.events().fire(new StreamEnded(id, exitCode, requested));
        onEnded.accept(this);
    }
}
