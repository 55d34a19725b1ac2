package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.ExitClassifier;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamContext;
import io.liverelay.ingest.entity.StreamDetached;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamResumed;
import io.liverelay.ingest.entity.StreamStarted;
import io.liverelay.ingest.entity.StreamState;
import io.liverelay.ffmpeg.entity.VideoMode;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One browser connection and its stream. Whatever happens to it (a client message, a chunk, ffmpeg's progress or
 * exit, a timer, an operator's stop) is a task on the stream's {@link StreamLane}, run one at a time in order; its
 * state is only ever changed there, so it needs no lock. The threads that report (the container's, ffmpeg's
 * supervisor, the idle sweep, an admin request) queue a task and return. Messages to the browser and CDI events
 * leave through the non-blocking {@link SessionOutbox} and {@link StreamNotices}; the admin API and
 * {@code Connections} read an immutable view the lane publishes. The stream ends exactly once.
 *
 * <p>A stream outlives a lost connection for {@code relay.resume.graceSeconds}: it is detached (its ffmpeg and
 * destinations go on, waiting for media) until a new connection resumes it with its token, or the grace period
 * ends it as a stop would.
 */
public final class RelayStream {

    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final ClientLink outbox;
    private final StreamServices services;
    private volatile StreamContext context; // a resume from elsewhere changes its address
    private final Consumer<RelayStream> onEnded;
    private final StreamLane lane;
    private final StreamNotices notices;
    private final ErrorReporter errors;
    private final StreamLimits limits;
    private final Resumer resumer;
    private volatile IdleWatch watch; // the connection's; while detached, one that only times the grace period
    private final StreamProgress progress = new StreamProgress(); // outlives each ffmpeg: frames add up
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicLong mediaWaiting = new AtomicLong(); // bytes queued on the lane, not yet in a pipe
    private volatile StreamView view = StreamView.CREATED;

    // the container's one thread per session
    private long messageBytes;
    private boolean tooBigSeen;

    // the lane's
    private StreamState state = StreamState.CREATED;
    private boolean startSeen;
    private boolean failed;
    private boolean notStartedReported;
    private boolean cutOff; // too many client errors: what is still queued is ignored
    private StreamConfig config;
    private StreamOutput ffmpeg;
    private StreamPause pause;
    private Instant startedAt;
    private final StreamResume resume;
    private boolean resuming; // this connection asked to resume another stream: no start meanwhile
    private boolean silenceForgiven; // a media silence detached the stream, and no media arrived since

    /** How a connection's stream asks the registry to hand the connection to the stream it resumes. */
    interface Resumer {
        void resume(RelayStream connection, ClientMessage.Reattach request);
    }

    RelayStream(SessionOutbox outbox, StreamServices services, StreamContext context, IdleWatch watch,
            Consumer<RelayStream> onEnded, Resumer resumer) {
        this.outbox = new ClientLink(outbox);
        this.resumer = resumer;
        this.services = services;
        this.context = context;
        this.watch = watch;
        this.onEnded = onEnded;
        this.lane = new StreamLane(services.executor(), "stream " + id);
        this.notices = new StreamNotices(services.events(), services.executor(), id);
        this.errors = new ErrorReporter(id, this.outbox, services, notices);
        this.limits = new StreamLimits(services.slots());
        this.resume = new StreamResume(id, services.config().resumeGrace());
        watch.onSilent(this::heardSilence);
    }

    private void heardSilence(IdleWatch.Expectation expectation) {
        lane.submit(() -> silent(expectation));
    }

    public String id() {
        return id;
    }

    public StreamState state() {
        return view.state();
    }

    public Progress progress() {
        return progress.latest();
    }

    /** Completes once the stream has ended (its ffmpeg reaped, its slots given back). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Media bytes received and not yet taken by the lane. */
    long mediaWaiting() {
        return mediaWaiting.get();
    }

    /** The events this stream fires, in order; the registry fires the first one. */
    StreamNotices notices() {
        return notices;
    }

    // ---- called on other threads: each queues a task and returns

    void onText(String text) {
        lane.submit(() -> text(text));
    }

    /** A part of a binary message; {@code last} ends the message. Over the size limit the socket closes with 1009. */
    void onBinary(byte[] chunk, boolean last) {
        services.stats().received(chunk.length);
        messageBytes += chunk.length;
        if (messageBytes > services.config().maxBinaryMessageBytes()) {
            if (!tooBigSeen) {
                tooBigSeen = true;
                lane.submit(this::tooBig);
            }
            return;
        }
        if (last) {
            messageBytes = 0;
        }
        watch.touchMedia();
        if (mediaWaiting.addAndGet(chunk.length) > services.config().queueMaxBytes()) {
            mediaWaiting.addAndGet(-chunk.length); // the lane is far behind: its pipe could not take this either
            lane.submit(() -> fail(RelayError.QUEUE_FULL, queueFull()));
            return;
        }
        lane.submit(() -> media(chunk));
    }

    /** Graceful end, asked by the client or by its disconnect: ffmpeg gets everything received so far. */
    void stop() {
        lane.submit(this::stopNow);
    }

    /**
     * The connection of {@code which} closed. A stream that can be resumed and whose connection was lost waits for
     * its browser; a page that closed its socket itself (1000, or 1001 as a closing tab sends) ends it as a stop.
     * Lost is anything else: no close frame at all (1006, a dropped network), or a client's own code for a socket
     * it gave up on (4000 and up). The close of a connection the stream no longer speaks through (a resume took
     * over) changes nothing.
     */
    void connectionClosed(SessionOutbox which, CloseReason reason) {
        lane.submit(() -> {
            if (!outbox.is(which)) {
                return;
            }
            if (StreamResume.lost(reason) && resumable()) {
                detach();
            } else {
                stopNow();
            }
        });
    }

    /** A new connection offers to carry this stream on: it is taken, or refused with why. */
    void reattach(Reattachment offer) {
        lane.submit(() -> takeOver(offer));
    }

    /** This connection's resume of another stream was refused: it may start one of its own now. */
    void resumeRefused(String why) {
        lane.submit(() -> {
            resuming = false;
            report(RelayError.RESUME_FAILED, why);
        });
    }

    /** This connection now carries the stream it resumed: it has no stream of its own, and nothing to end. */
    void handedOver() {
        lane.submit(() -> {
            state = StreamState.ENDED;
            publish();
            ended.complete(null);
        });
    }

    /** An operator ended the stream: the broadcaster hears why, then the stream ends as after a stop. */
    void stopByAdmin() {
        lane.submit(() -> {
            if (state == StreamState.CREATED || state == StreamState.RUNNING || state == StreamState.RECONNECTING) {
                report(RelayError.STOPPED_BY_ADMIN, RelayError.STOPPED_BY_ADMIN.summary());
                stopNow();
            }
        });
    }

    /**
     * Nothing arrived on {@code which} for {@code timeout}: the browser hears why, the socket closes, ffmpeg stops.
     * A connection a resume replaced is no longer the stream's to end.
     */
    void idle(SessionOutbox which, Duration timeout) {
        lane.submit(() -> {
            if (outbox.is(which)) {
                idleNow(timeout);
            }
        });
    }

    private void idleNow(Duration timeout) {
        endWith(RelayError.IDLE_TIMEOUT, "Nothing arrived for " + timeout.toSeconds()
                + " s (relay.ws.idleTimeoutSeconds): the connection is closed. Send 'ping' while paused.",
                new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout"));
    }

    /** The application is going away: stop now; {@link #ended()} tells when that is done. */
    CompletableFuture<Void> shutdown() {
        stop();
        return ended;
    }

    /** The current ffmpeg, if one runs; any thread may ask. */
    FfmpegProcess process() {
        StreamOutput current = view.ffmpeg();
        return current == null ? null : current.process();
    }

    /** Media received and not yet taken by ffmpeg. Any thread may ask. */
    long queuedBytes() {
        StreamOutput current = view.ffmpeg();
        ChunkPipe pipe = current == null ? null : current.pipe();
        return pipe == null ? 0 : pipe.queuedBytes();
    }

    /** The name of the user who opened the WebSocket, or null when it was anonymous. */
    String user() {
        return context.principal() == null ? null : context.principal().getName();
    }

    /** A snapshot for the admin API and {@code Connections}, from what the lane published; holds no stream key. */
    public ConnectionStatus status() {
        return view.status(id, context, progress);
    }

    // ---- the lane's tasks

    private void text(String text) {
        if (cutOff || state == StreamState.ENDED) {
            return; // queued before the connection was closed: nobody to answer
        }
        try {
            ClientMessage message = MessageParser.parse(text);
            if (message instanceof ClientMessage.Start start) {
                acceptStart(start.config());
            } else if (message instanceof ClientMessage.Stop) {
                stopNow();
            } else if (message instanceof ClientMessage.Pause) {
                pauseOrResume(true);
            } else if (message instanceof ClientMessage.Resume) {
                pauseOrResume(false);
            } else if (message instanceof ClientMessage.Reattach reattach) {
                askToResume(reattach);
            } else if (message instanceof ClientMessage.Ping) {
                // it resets the idle timeout on its way here; the answer tells the client its socket still carries
                outbox.sendDroppable(ServerMessages.pong());
            }
        } catch (RelayException e) {
            if (e.error().fatal()) {
                fail(e.error(), e.getMessage());
            } else {
                report(e.error(), e.getMessage());
            }
        }
    }

    private void media(byte[] chunk) {
        mediaWaiting.addAndGet(-chunk.length);
        if (state == StreamState.ENDED || resuming) {
            return;
        }
        if (pause != null && (state == StreamState.RUNNING || state == StreamState.RECONNECTING)) {
            chunk = pause.media(chunk);
            if (pause.mediaChanged().isPresent()) {
                fail(RelayError.MEDIA_CHANGED, "After the resume the recorder sent other tracks: "
                        + pause.mediaChanged().get() + ".");
                return;
            }
            if (chunk.length == 0) {
                return; // a cluster head waits for its timestamp, or a resumed recording's head is left out
            }
        }
        if (state == StreamState.RUNNING || state == StreamState.RECONNECTING) {
            silenceForgiven = false; // media again: a later silence gets its own grace period
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
        ffmpeg.observe(chunk);
        ChunkPipe pipe = ffmpeg.pipe();
        if (!pipe.offer(chunk) && pipe.isOpen()) { // closed: ffmpeg is ending, its exit names why
            fail(RelayError.QUEUE_FULL, queueFull());
        }
    }

    private String queueFull() {
        return "More than " + services.config().queueMaxBytes() + " bytes of media were waiting for ffmpeg.";
    }

    /** The recorder paused or went on; before the start there is nothing to pause. */
    private void pauseOrResume(boolean pausing) throws RelayException {
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
        expectMedia();
    }

    private void tooBig() {
        endWith(RelayError.MESSAGE_TOO_BIG, "A media message was larger than "
                + services.config().maxBinaryMessageBytes() + " bytes: send smaller chunks (a timeslice of 250 ms).",
                new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message too big"));
    }

    /** A started stream fell silent: no media while it runs, a pause that lasted too long, or no resume in time. */
    private void silent(IdleWatch.Expectation expectation) {
        long seconds = Duration.ofNanos(expectation.budgetNanos()).toSeconds();
        if (expectation.kind() == IdleWatch.Silence.DETACHED) {
            if (resume.deadline() != null) {
                LOG.log(Level.INFO, "Stream {0}: no browser resumed it within {1} s: it ends", id, seconds);
                stopNow();
            }
            return;
        }
        boolean paused = pause != null && pause.paused();
        if (expectation.kind() == IdleWatch.Silence.PAUSE && paused) {
            endWith(RelayError.PAUSE_TIMEOUT, "The stream was paused for more than " + seconds
                    + " s (relay.maxPauseSeconds).", new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE,
                            "paused too long"));
        } else if (expectation.kind() == IdleWatch.Silence.MEDIA && !paused) {
            if (resumable() && !silenceForgiven && watch.silentFor(expectation.budgetNanos())) {
                waitForResumeAfterSilence(seconds);
                return;
            }
            endWith(RelayError.MEDIA_TIMEOUT, "No media arrived for " + seconds
                    + " s while the stream was live (relay.mediaTimeoutSeconds).",
                    new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no media"));
        }
    }

    /**
     * A live stream's socket fell silent, media and pings alike, while it stayed open: most often a network that
     * went away without a word (half-open TCP), which its browser notices only by the silence. The stream is kept
     * for a resume, once: the socket is closed, and a stream that falls silent again before any media arrived
     * ends. A socket that still pings is alive: its page stopped recording, and hears MEDIA_TIMEOUT.
     */
    private void waitForResumeAfterSilence(long seconds) {
        silenceForgiven = true;
        SessionOutbox lost = outbox.outbox();
        LOG.log(Level.INFO, "Stream {0}: no media for {1} s: its connection is taken for lost", id, seconds);
        detach();
        if (lost != null) {
            lost.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.GOING_AWAY,
                    "no media: resume the stream to carry on"));
        }
    }

    /** A fatal error that ends the stream gracefully: the browser hears it, the socket closes after it. */
    private void endWith(RelayError error, String message, CloseReason close) {
        if (state == StreamState.ENDED) {
            return;
        }
        if (state != StreamState.ENDING && !failed) {
            report(error, message);
        }
        outbox.closeWhenDrained(close); // the first reason given is the one the browser hears
        stopNow();
    }

    private void stopNow() {
        switch (state) {
            case CREATED -> end(0);
            case RECONNECTING -> {
                ffmpeg.abandon();
                end(0);
            }
            case RUNNING -> {
                state = StreamState.ENDING;
                publish();
                watch.expectNothing();
                ffmpeg.process().stop();
            }
            default -> {
                // already ending
            }
        }
    }

    // ---- resume: a lost connection, and the new one that carries the stream on

    /**
     * Whether a lost connection leaves the stream waiting for its browser rather than ending it: a stream that has
     * sent frames on (one that never got that far has no viewers to keep, and a client that starts streams and
     * vanishes holds nothing for the grace period).
     */
    private boolean resumable() {
        return resume.offered(config) && pause != null && pause.canContinue() && !failed
                && (state == StreamState.RUNNING || state == StreamState.RECONNECTING)
                && progress.total().frames() > 0;
    }

    private void detach() {
        outbox.detach();
        Instant deadline = resume.detach();
        Duration grace = resume.grace();
        IdleWatch waiting = services.idle().watch(new Detached(), null);
        waiting.onSilent(this::heardSilence);
        waiting.expect(IdleWatch.Silence.DETACHED, grace.toNanos());
        watch = waiting;
        publish();
        LOG.log(Level.INFO, "Stream {0} lost its connection: its destinations stay up for {1} s for the browser"
                + " to resume it", id, grace.toSeconds());
        notices.fire(new StreamDetached(id, deadline));
    }

    /** The grace period's watch: there while the stream waits for its browser, gone once resumed or ended. */
    private final class Detached implements IdleWatch.Connection {
        @Override
        public boolean isOpen() {
            return !outbox.isAttached() && view.state() != StreamState.ENDED;
        }

        @Override
        public void close() {
            // nothing to close: the connection is already gone
        }
    }

    /** This connection asked to resume the stream the message names. */
    private void askToResume(ClientMessage.Reattach request) throws RelayException {
        if (startSeen || resuming || state != StreamState.CREATED) {
            throw new RelayException(RelayError.RESUME_FAILED, "This connection already carries a stream: resume on"
                    + " a new connection.");
        }
        resuming = true;
        resumer.resume(this, request);
    }

    /** On this stream's lane: a new connection's offer to carry it on, with every reason to refuse it checked. */
    private void takeOver(Reattachment offer) {
        String refusal = state == StreamState.ENDING || state == StreamState.ENDED || config == null
                ? "The stream " + id + " has ended."
                : resume.refusal(offer.request(), config, resumable(), user(), offer.user());
        if (refusal != null) {
            LOG.log(Level.INFO, "Stream {0}: a resume from {1} was refused: {2}", id, offer.remoteAddress(), refusal);
            offer.refused().accept(refusal);
            return;
        }
        Duration gap = resume.attach();
        SessionOutbox old = outbox.outbox();
        IdleWatch before = watch;
        outbox.attach(offer.outbox());
        watch = offer.watch();
        watch.onSilent(this::heardSilence);
        before.expectNothing();
        if (old != null) { // the old connection looked alive to the server: the browser knows better
            old.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "resumed on another connection"));
        }
        context = new StreamContext(offer.remoteAddress(), context.principal(), context.parameters(),
                context.openedAt());
        pause.continueWithNewRecording();
        offer.adopt().run();
        publish();
        expectMedia();
        outbox.send(ServerMessages.resumed(id, config.videoMode(), resume.offer(config), pause.paused(), gap));
        LOG.log(Level.INFO, "Stream {0} resumed from {1} after {2} ms", id, offer.remoteAddress(), gap.toMillis());
        notices.fire(new StreamResumed(id, offer.remoteAddress(), gap));
    }

    private void acceptStart(JsonObject json) throws RelayException {
        if (resuming) {
            throw new RelayException(RelayError.ALREADY_STARTED, "This connection is resuming a stream: wait for"
                    + " 'resumed', or for RESUME_FAILED before a start.");
        }
        if (startSeen) {
            throw new RelayException(RelayError.ALREADY_STARTED, RelayError.ALREADY_STARTED.summary());
        }
        startSeen = true;
        progress.startRequested(System.nanoTime());
        if (state != StreamState.CREATED) {
            return;
        }
        limits.takeStream();
        try {
            services.executor().execute(() -> prepare(json));
        } catch (RuntimeException e) {
            fail(RelayError.INTERNAL_ERROR, "The relay is stopping.");
        }
    }

    /** Off the lane: the hooks, the checks (a name to resolve) and locating ffmpeg may each take a while. */
    private void prepare(JsonObject json) {
        try {
            StartPreparation.Prepared prepared = StartPreparation.prepare(id, context, json, services);
            lane.submit(() -> launch(prepared));
        } catch (RelayException e) {
            lane.submit(() -> fail(e.error(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + id + " failed to start", e);
            lane.submit(() -> fail(RelayError.INTERNAL_ERROR, RelayError.INTERNAL_ERROR.summary()));
        }
    }

    private void launch(StartPreparation.Prepared prepared) {
        if (state != StreamState.CREATED || failed) {
            return; // the browser left while we were getting ready: end() gave the slot back
        }
        StreamConfig validated = prepared.config();
        StreamOutput next = prepared.fanout()
                ? new StreamFanout(this, lane, notices, outbox, services, prepared, progress)
                : new StreamFfmpeg(this, lane, notices, outbox, services, prepared, progress);
        try {
            if (validated.videoMode() == VideoMode.TRANSCODE) {
                limits.takeTranscode();
            }
            next.launch(0);
        } catch (RelayException e) {
            fail(e.error(), e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + id + ": ffmpeg could not be started", e);
            fail(RelayError.FFMPEG_START_FAILED, RelayError.FFMPEG_START_FAILED.summary());
            return;
        }
        config = validated;
        ffmpeg = next;
        pause = new StreamPause(id, validated, System::nanoTime);
        state = StreamState.RUNNING;
        startedAt = Instant.now();
        publish();
        expectMedia();
        long pid = next.process().pid();
        outbox.send(ServerMessages.started(id, validated.videoMode(), resume.offer(validated)));
        LOG.log(Level.INFO, "Stream {0} started: {1} to {2}, ffmpeg pid {3}", id,
                validated.videoMode().wireName(), validated.destinations(), pid);
        notices.fire(new StreamStarted(id, validated.destination().masked(), validated.videoMode(), pid));
    }

    /** The current ffmpeg exited: the stream reconnects, or ends (failed when the end was not asked for). */
    void ffmpegExited(ExitReport report) {
        if (state == StreamState.ENDED) {
            return;
        }
        if (!report.requested() && !failed) {
            ExitClassifier.Verdict verdict = ExitClassifier.classify(report);
            if (state == StreamState.RUNNING && ffmpeg.shouldRetry(verdict.error())) {
                state = StreamState.RECONNECTING;
                publish();
                if (!ffmpeg.reconnect(verdict.cause())) {
                    ffmpeg.abandon();
                    failed = true;
                    end(-1); // the application is stopping: nothing will reconnect
                }
                return;
            }
            String message = ffmpeg.failure(verdict.error()) + " ffmpeg said: " + verdict.cause();
            ffmpeg.failedForGood(verdict.error(), message);
            report(verdict.error(), message);
        }
        end(report.exitCode());
    }

    /** Whether the stream still waits for a new ffmpeg (a stop may have come meanwhile). */
    boolean reconnecting() {
        return state == StreamState.RECONNECTING;
    }

    /** A new ffmpeg took over after a reconnect and has the held media. */
    void resumed() {
        state = StreamState.RUNNING;
        publish();
    }

    /** No new ffmpeg: it could not start, or the destination did not pass its checks again. */
    void relaunchFailed(RelayError error, String message) {
        if (state != StreamState.RECONNECTING) {
            return; // stopped meanwhile
        }
        ffmpeg.abandon();
        report(error, message);
        end(-1);
    }

    /** Every destination of several failed or was stopped: the stream ends, with the last failure's name. */
    void destinationsGone(RelayError error, String message) {
        if (state != StreamState.RUNNING) {
            return;
        }
        if (error == RelayError.STOPPED_BY_ADMIN) {
            report(error, message);
            stopNow();
        } else {
            fail(error, message);
        }
    }

    /** An operator stops one destination of several. */
    CompletableFuture<Connections.DestinationStop> stopDestination(int index) {
        CompletableFuture<Connections.DestinationStop> done = new CompletableFuture<>();
        lane.submit(() -> {
            if (!(ffmpeg instanceof StreamFanout fanout)) {
                done.complete(index == 0 && config != null ? Connections.DestinationStop.REFUSED
                        : Connections.DestinationStop.UNKNOWN);
            } else {
                done.complete(state == StreamState.RUNNING ? fanout.stop(index) : Connections.DestinationStop.REFUSED);
            }
        });
        return done;
    }

    /** A fatal error: the client hears it once, ffmpeg (if any) is killed, the stream ends. */
    private void fail(RelayError error, String message) {
        if (failed || state == StreamState.ENDED) {
            return;
        }
        report(error, message);
        FfmpegProcess process = ffmpeg == null ? null : ffmpeg.process();
        if (process != null && state != StreamState.RECONNECTING) {
            state = StreamState.ENDING;
            publish();
            ffmpeg.kill(); // its exit follows from the supervisor and ends the stream
        } else {
            if (ffmpeg != null) {
                ffmpeg.abandon();
            }
            end(-1);
        }
    }

    /**
     * Reports an error; a fatal one marks the stream failed, so its end is not one that was asked for. A client that
     * keeps making mistakes (more than {@value ErrorReporter#BUDGET} in 10 s) is cut off with 1008.
     */
    private void report(RelayError error, String detailed) {
        if (error.fatal()) {
            failed = true;
        }
        errors.report(error, detailed);
        if (!error.fatal() && !cutOff && errors.overBudget(System.nanoTime())) {
            cutOff = true;
            LOG.log(Level.WARNING, "Stream {0} from {1}: more than {2} messages it could not use in 10 s: disconnected",
                    id, context.remoteAddress(), ErrorReporter.BUDGET);
            endWith(RelayError.TOO_MANY_ERRORS, RelayError.TOO_MANY_ERRORS.summary(),
                    new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "too many bad messages"));
        }
    }

    /** While running the stream waits for media; while paused, for the pause to end. */
    private void expectMedia() {
        if (pause != null && pause.paused()) {
            watch.expect(IdleWatch.Silence.PAUSE, services.config().maxPause().toNanos());
        } else {
            watch.expect(IdleWatch.Silence.MEDIA, services.config().mediaTimeout().toNanos());
        }
    }

    private void publish() {
        view = new StreamView(state, config, startedAt, ffmpeg, resume.deadline());
    }

    private void end(int exitCode) {
        if (state == StreamState.ENDED) {
            return;
        }
        state = StreamState.ENDED;
        publish();
        watch.expectNothing();
        limits.releaseAll();
        boolean requested = !failed;
        LOG.log(Level.INFO, "Stream {0} ended (ffmpeg exit {1}, {2})", id, exitCode,
                requested ? "as asked" : "after an error");
        if (ffmpeg != null) {
            ffmpeg.streamEnded(); // the browser and observers hear the destinations' end before the stream's
        }
        outbox.send(ServerMessages.destroyed());
        outbox.closeWhenDrained(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "stream ended"));
        notices.fire(new StreamEnded(id, exitCode, requested));
        onEnded.accept(this);
        ended.complete(null);
    }
}
