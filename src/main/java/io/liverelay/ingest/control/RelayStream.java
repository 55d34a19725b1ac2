package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.ExitClassifier;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.RelayException;
import io.liverelay.ingest.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamContext;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamStarted;
import io.liverelay.ingest.entity.StreamState;
import io.liverelay.ingest.entity.VideoMode;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One browser connection and its stream: takes its control messages and media, hands the media to its ffmpeg
 * side ({@link StreamFfmpeg}), tells the browser and the application (CDI events) what happens, and ends
 * exactly once. Its monitor guards the stream and its ffmpeg side alike.
 */
public final class RelayStream {

    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final SessionOutbox outbox;
    private final StreamServices services;
    private final StreamContext context;
    private final Consumer<RelayStream> onEnded;
    private final ErrorReporter errors;
    private final StreamProgress progress = new StreamProgress(); // outlives each ffmpeg: frames add up
    private StreamState state = StreamState.CREATED;
    private boolean startSeen;
    private boolean failed;
    private final StreamLimits limits;
    private boolean notStartedReported;
    private boolean tooBigReported;
    private long messageBytes; // only the container's one thread per session delivers messages
    private StreamConfig config;
    private StreamFfmpeg ffmpeg; // set with config, once a start passed its checks
    private StreamPause pause; // set with config
    private Instant startedAt;

    RelayStream(SessionOutbox outbox, StreamServices services, StreamContext context, Consumer<RelayStream> onEnded) {
        this.outbox = outbox;
        this.services = services;
        this.context = context;
        this.onEnded = onEnded;
        this.errors = new ErrorReporter(id, outbox, services);
        this.limits = new StreamLimits(services.slots());
    }

    public String id() {
        return id;
    }

    public synchronized StreamState state() {
        return state;
    }

    public Progress progress() {
        return progress.latest();
    }

    void onText(String text) {
        try {
            ClientMessage message = MessageParser.parse(text);
            if (message instanceof ClientMessage.Start start) {
                acceptStart(start.config());
            } else if (message instanceof ClientMessage.Stop) {
                stop();
            } else if (message instanceof ClientMessage.Pause) {
                pauseOrResume(true);
            } else if (message instanceof ClientMessage.Resume) {
                pauseOrResume(false);
            } // a ping only proves the browser is there: receiving it resets the idle timeout
        } catch (RelayException e) {
            report(e.error(), e.getMessage());
        }
    }

    /** A part of a binary message; {@code last} ends the message. Over the size limit the socket closes with 1009. */
    void onBinary(byte[] chunk, boolean last) {
        services.stats().received(chunk.length);
        messageBytes += chunk.length;
        if (messageBytes > services.config().maxBinaryMessageBytes()) {
            tooBig();
            return;
        }
        if (last) {
            messageBytes = 0;
        }
        ChunkPipe target;
        synchronized (this) {
            if (pause != null) {
                chunk = pause.media(chunk);
                if (chunk.length == 0) {
                    return; // a cluster head waits for its timestamp
                }
            }
            if (state == StreamState.RECONNECTING) {
                ffmpeg.hold(chunk);
                return;
            }
            if (state != StreamState.RUNNING) {
                if (state == StreamState.CREATED && !notStartedReported) {
                    notStartedReported = true; // one error per burst is enough to tell the client
                    report(RelayError.NOT_STARTED, RelayError.NOT_STARTED.summary());
                }
                return;
            }
            target = ffmpeg.pipe();
            ffmpeg.observe(chunk);
        }
        if (!target.offer(chunk) && target.isOpen()) { // closed: ffmpeg is ending, onExit names why
            fail(RelayError.QUEUE_FULL, "More than " + services.config().queueMaxBytes()
                    + " bytes of media were waiting for ffmpeg.");
        }
    }

    /** The recorder paused or went on; before the start there is nothing to pause. */
    private synchronized void pauseOrResume(boolean pausing) throws RelayException {
        if (pause == null) {
            if (state == StreamState.CREATED) {
                throw new RelayException(RelayError.NOT_STARTED, "There is no stream to "
                        + (pausing ? "pause" : "resume") + " before 'started'.");
            }
            return;
        }
        if (pausing) {
            pause.pause();
        } else {
            pause.resume();
        }
    }

    private synchronized void tooBig() {
        if (state == StreamState.ENDED || tooBigReported) {
            return;
        }
        tooBigReported = true;
        report(RelayError.MESSAGE_TOO_BIG, "A media message was larger than "
                + services.config().maxBinaryMessageBytes() + " bytes: send smaller chunks (a timeslice of 250 ms).");
        outbox.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message too big"));
        stop();
    }

    /** Graceful end, asked by the client or by its disconnect: ffmpeg gets everything received so far. */
    synchronized void stop() {
        switch (state) {
            case CREATED, RECONNECTING -> end(0, true);
            case RUNNING -> {
                state = StreamState.ENDING;
                ffmpeg.process().stop();
            }
            default -> {
                // already ending
            }
        }
    }

    /** An operator ended the stream: the broadcaster hears why, then the stream ends as after a stop. */
    synchronized void stopByAdmin() {
        if (state == StreamState.CREATED || state == StreamState.RUNNING || state == StreamState.RECONNECTING) {
            report(RelayError.STOPPED_BY_ADMIN, RelayError.STOPPED_BY_ADMIN.summary());
            stop();
        }
    }

    /** Nothing arrived for {@code timeout}: the browser hears why, the socket closes, ffmpeg stops. */
    synchronized void idle(java.time.Duration timeout) {
        if (state == StreamState.ENDED || state == StreamState.ENDING) {
            return;
        }
        report(RelayError.IDLE_TIMEOUT, "Nothing arrived for " + timeout.toSeconds()
                + " s (relay.ws.idleTimeoutSeconds): the connection is closed. Send 'ping' while paused.");
        outbox.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout"));
        stop();
    }

    /** A snapshot for the admin API and {@code Connections}; holds no stream key. */
    public synchronized ConnectionStatus status() {
        ConnectionStatus.Ffmpeg ffmpegStatus = null;
        if (config != null) {
            Progress p = progress.total();
            Instant lastFrame = progress.lastFrameAt();
            FfmpegProcess process = ffmpeg.process();
            ffmpegStatus = new ConnectionStatus.Ffmpeg(state, config.videoMode().wireName(), config.mimeType(),
                    p.frames(), lastFrame == null ? null : lastFrame.toEpochMilli(), p.fps(), p.bitrateKbps(),
                    process != null && process.isAlive() ? process.pid() : null, startedAt,
                    ffmpeg.pipe().acceptedBytes(),
                    new ConnectionStatus.Options(config.destination().masked(), config.framerate(),
                            config.audioSampleRate(), config.audioBitsPerSecond(), config.videoBitsPerSecond()));
        }
        return new ConnectionStatus(id, context.remoteAddress(), context.openedAt(), ffmpegStatus);
    }

    /** The application is going away: stop now, a bounded wait is the caller's. */
    synchronized FfmpegProcess shutdown() {
        stop();
        return process();
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
            if (!takeSlot(false)) {
                return; // the browser left before its start ran: nothing to start, no slot to hold
            }
            StartPreparation.Prepared prepared = StartPreparation.prepare(id, context, json, services);
            StreamConfig validated = prepared.config();
            if (validated.videoMode() == VideoMode.TRANSCODE && !takeSlot(true)) {
                return;
            }
            FfmpegProcess process;
            synchronized (this) {
                if (state != StreamState.CREATED) {
                    return; // the browser left while we were getting ready
                }
                config = validated;
                pause = new StreamPause(id, validated, System::nanoTime);
                ffmpeg = new StreamFfmpeg(this, outbox, services, validated, prepared, progress);
                ffmpeg.launch();
                process = ffmpeg.process();
                state = StreamState.RUNNING;
                startedAt = Instant.now();
                outbox.send(ServerMessages.started(id, validated.videoMode()));
            }
            LOG.log(Level.INFO, "Stream {0} started: {1} to {2}, ffmpeg pid {3}", id,
                    validated.videoMode().wireName(), validated.destination().masked(), process.pid());
            services.events().fire(new StreamStarted(id, validated.destination().masked(), validated.videoMode(),
                    process.pid()));
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

    /** False once the stream has ended: end() already ran, so a slot taken now would never be given back. */
    private synchronized boolean takeSlot(boolean transcode) throws RelayException {
        if (state != StreamState.CREATED) {
            return false;
        }
        if (transcode) {
            limits.takeTranscode();
        } else {
            limits.takeStream();
        }
        return true;
    }

    /** The current ffmpeg exited: the stream reconnects, or ends (failed when the end was not asked for). */
    synchronized void ffmpegExited(ExitReport report) {
        if (!report.requested() && !failed) {
            ExitClassifier.Verdict verdict = ExitClassifier.classify(report);
            if (state == StreamState.RUNNING && ffmpeg.shouldRetry(verdict.error())) {
                state = StreamState.RECONNECTING;
                if (!ffmpeg.reconnect(verdict.cause())) {
                    failed = true;
                    end(-1, true); // the application is stopping: nothing will reconnect
                }
                return;
            }
            failed = true;
            report(verdict.error(), ffmpeg.failure(verdict.error()) + " ffmpeg said: " + verdict.cause());
        }
        end(report.exitCode(), report.requested());
    }

    /** A new ffmpeg took over after a reconnect and has the held media. */
    synchronized void resumed() {
        state = StreamState.RUNNING;
    }

    /** No new ffmpeg after a reconnect: the stream ends with the error. */
    synchronized void relaunchFailed() {
        relaunchFailed(RelayError.FFMPEG_START_FAILED, RelayError.FFMPEG_START_FAILED.summary());
    }

    /** No new ffmpeg: it could not start, or the destination did not pass its checks again. */
    synchronized void relaunchFailed(RelayError error, String message) {
        if (state != StreamState.RECONNECTING) {
            return; // stopped meanwhile
        }
        failed = true;
        report(error, message);
        end(-1, true);
    }

    /** A fatal error: the client hears it once, ffmpeg (if any) is killed, the stream ends. */
    private synchronized void fail(RelayError error, String message) {
        if (failed || state == StreamState.ENDED) {
            return;
        }
        failed = true;
        report(error, message);
        FfmpegProcess process = process();
        if (process != null) {
            state = StreamState.ENDING;
            process.kill(); // onExit follows from the supervisor and ends the stream
        } else {
            end(-1, true);
        }
    }

    /** The current ffmpeg; null until one was launched. */
    private FfmpegProcess process() {
        return ffmpeg == null ? null : ffmpeg.process();
    }

    private void report(RelayError error, String detailed) {
        errors.report(error, detailed);
    }

    private void end(int exitCode, boolean requested) {
        if (state == StreamState.ENDED) {
            return;
        }
        state = StreamState.ENDED;
        limits.releaseAll();
        LOG.log(Level.INFO, "Stream {0} ended (ffmpeg exit {1}, {2})", id, exitCode,
                requested ? "as asked" : "unexpectedly");
        outbox.send(ServerMessages.destroyed());
        outbox.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "stream ended"));
        services.events().fire(new StreamEnded(id, exitCode, requested));
        onEnded.accept(this);
    }
}
