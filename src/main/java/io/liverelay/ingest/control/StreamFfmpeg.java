package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import io.liverelay.ingest.entity.FfmpegOutput;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.StreamPublishing;
import io.liverelay.ingest.entity.StreamReconnecting;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * The ffmpeg side of one {@link RelayStream}: launches a generation of ffmpeg per try, passes the current
 * generation's reports to the stream's lane, and after the RTMP server went away waits, launches again and
 * replays the held media. Everything but the reports' hand-over runs on the stream's lane; the supervisor's
 * threads only queue tasks there, so a slow stream never holds up ffmpeg's output. Its one destination is reported
 * as each of several is: connecting, live with the first frame, reconnecting with the stream, failed or ended.
 */
final class StreamFfmpeg implements StreamOutput {

    // the same logger as the stream's other lines: log filters and readers see no change from the split
    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final RelayStream stream;
    private final StreamLane lane;
    private final StreamNotices notices;
    private final ClientLink outbox;
    private final StreamServices services;
    private final StreamConfig config;
    private final StartPreparation.CommandSource again;
    private final StreamProgress progress;
    private final Reconnection reconnection;
    private final SoleDestination destination;
    private final DestinationUpdates updates;
    private List<String> command;
    private long generation;
    private volatile ChunkPipe pipe;
    private volatile FfmpegProcess process;

    StreamFfmpeg(RelayStream stream, StreamLane lane, StreamNotices notices, ClientLink outbox,
            StreamServices services, StartPreparation.Prepared prepared, StreamProgress progress) {
        this.stream = stream;
        this.lane = lane;
        this.notices = notices;
        this.outbox = outbox;
        this.services = services;
        this.config = prepared.config();
        this.command = prepared.command();
        this.again = prepared.again();
        this.progress = progress;
        this.reconnection = new Reconnection(config, services.config());
        this.destination = new SoleDestination(config.destination(), reconnection::droppedBytes);
        this.updates = new DestinationUpdates(stream.id(), outbox, notices, this::destinations);
    }

    /** Starts an ffmpeg for the stream's settings, its input able to take {@code extraBytes} on top of the bound. */
    @Override
    public void launch(long extraBytes) throws IOException {
        long current = ++generation;
        ChunkPipe next = new ChunkPipe(services.config().queueMaxBytes() + extraBytes);
        process = FfmpegProcess.start(services.launcher(), command, next, new Generation(current),
                config.destination()::redact, services.config().stopGrace(), services.config().terminateGrace(),
                services.executor());
        pipe = next;
    }

    /** The current generation's process; null until the first launch succeeded. Any thread may ask. */
    @Override
    public FfmpegProcess process() {
        return process;
    }

    /** The current generation's input; null until the first launch succeeded. Any thread may ask. */
    @Override
    public ChunkPipe pipe() {
        return pipe;
    }

    /** Media on its way to the running ffmpeg, followed so that a reconnect knows where to resume. */
    @Override
    public void observe(byte[] chunk) {
        reconnection.observe(chunk);
    }

    /** Media that arrived while no ffmpeg runs: the next generation gets it. */
    @Override
    public void hold(byte[] chunk) {
        reconnection.hold(chunk);
    }

    /** The stream ends while no ffmpeg runs: what was held is counted as lost. */
    @Override
    public void abandon() {
        long lost = reconnection.abandon();
        if (lost > 0) {
            LOG.log(Level.INFO, "Stream {0}: {1} bytes held for a reconnect were not delivered: the stream ended first",
                    stream.id(), lost);
        }
    }

    @Override
    public void kill() {
        FfmpegProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    @Override
    public List<DestinationStatus> destinations() {
        return List.of(destination.status());
    }

    /** Media that never reached an ffmpeg because the RTMP server was away (and the stream did not wait). */
    @Override
    public long droppedBytes() {
        return reconnection.droppedBytes();
    }

    @Override
    public boolean shouldRetry(RelayError error) {
        return reconnection.shouldRetry(error);
    }

    /** What to say when ffmpeg ended for good: the error itself, or that the reconnects gave up. */
    @Override
    public String failure(RelayError error) {
        return reconnection.attempt() > 0 ? Reconnection.gaveUp(reconnection.attempt()) : error.summary();
    }

    @Override
    public void failedForGood(RelayError error, String message) {
        settle(DestinationState.FAILED, error, message);
    }

    @Override
    public void streamEnded() {
        settle(DestinationState.ENDED, null, null);
    }

    /** The destination's last change: the first one given wins (a failure, then the stream's end). */
    private void settle(DestinationState state, RelayError error, String message) {
        if (!destination.state.terminal()) {
            moveTo(state, error, message);
        }
    }

    /** On the lane: the destination's new state, with the error that led there (null: the last one stays). */
    private void moveTo(DestinationState state, RelayError error, String message) {
        if (error != null) {
            destination.failedWith(error, message);
        }
        if (state != DestinationState.LIVE) {
            destination.rateStopped(); // nothing goes out until a new ffmpeg's first report
        }
        updates.change(destination, state);
    }

    /**
     * The RTMP side failed mid-stream: tell the browser, and after a pause check the destination again and hand
     * the stream a new command, while the stream holds the media. False when no try can be scheduled (the
     * application is stopping).
     */
    @Override
    public boolean reconnect(String cause) {
        progress.restart();
        Duration delay = reconnection.begin();
        LOG.log(Level.WARNING, "Stream {0} lost its RTMP server ({1}); try {2} of {3} in {4} s", stream.id(),
                cause, reconnection.attempt(), reconnection.maxAttempts(), delay.toSeconds());
        outbox.send(ServerMessages.reconnecting(reconnection.attempt(), reconnection.maxAttempts(), delay));
        notices.fire(new StreamReconnecting(stream.id(), reconnection.attempt(), cause));
        destination.reconnects++;
        moveTo(DestinationState.RECONNECTING, RelayError.RTMP_CONNECTION_FAILED, cause); // the only one retried
        try {
            services.executor().execute(() -> prepareRelaunch(delay));
            return true;
        } catch (RuntimeException e) {
            settle(DestinationState.FAILED, null, null); // the application is stopping
            return false;
        }
    }

    /** Off the lane: the wait, and the name resolved and checked again, which may take a while. */
    private void prepareRelaunch(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.submit(() -> relaunchFailed(RelayError.FFMPEG_START_FAILED, "The relay is stopping."));
            return;
        }
        try {
            List<String> next = again.command();
            lane.submit(() -> relaunch(next));
        } catch (RelayException e) {
            LOG.log(Level.WARNING, "Stream {0}: its destination was refused before a reconnect: {1}", stream.id(),
                    e.getMessage());
            lane.submit(() -> relaunchFailed(e.error(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + stream.id() + ": the command for a reconnect failed", e);
            lane.submit(() -> relaunchFailed(RelayError.INTERNAL_ERROR, RelayError.INTERNAL_ERROR.summary()));
        }
    }

    /** On the lane: no new ffmpeg, so the destination failed, unless the stream was stopped meanwhile. */
    private void relaunchFailed(RelayError error, String message) {
        if (stream.reconnecting()) {
            settle(DestinationState.FAILED, error, message);
        }
        stream.relaunchFailed(error, message);
    }

    /** On the lane: a new ffmpeg reads the header and every held chunk, then the stream runs again. */
    private void relaunch(List<String> next) {
        if (!stream.reconnecting()) {
            return; // stopped meanwhile: abandon() counted what was held
        }
        List<byte[]> replay = reconnection.replay();
        long replayBytes = replay.stream().mapToLong(chunk -> chunk.length).sum();
        try {
            command = next;
            launch(replayBytes); // room for all of it: held media reaches the new ffmpeg
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + stream.id() + ": ffmpeg could not be started again", e);
            reconnection.lost(replayBytes);
            relaunchFailed(RelayError.FFMPEG_START_FAILED, RelayError.FFMPEG_START_FAILED.summary());
            return;
        }
        for (byte[] chunk : replay) {
            if (!pipe.offer(chunk)) {
                reconnection.lost(chunk.length); // the new ffmpeg is already gone: its exit tells why
            }
        }
        progress.relaunched();
        stream.resumed();
    }

    private void progressed(long number, Progress latest) {
        if (number != generation) {
            return;
        }
        StreamProgress.Update update = progress.update(latest);
        services.stats().sent(update.newBytes());
        destination.sent(update.newBytes(), System.nanoTime());
        if (update.firstPicture()) {
            notices.fire(new StreamPublishing(stream.id(), update.sinceStart()));
        }
        if (latest.frames() > 0) {
            reconnection.wentLive();
        }
        if (update.liveAgain()) {
            LOG.log(Level.INFO, "Stream {0} is live again", stream.id());
            outbox.send(ServerMessages.live());
        }
        if ((update.firstPicture() || update.liveAgain()) && (destination.state == DestinationState.CONNECTING
                || destination.state == DestinationState.RECONNECTING)) {
            moveTo(DestinationState.LIVE, null, null);
        }
        updates.progress(progress.total());
    }

    private void exited(long number, ExitReport report) {
        if (number == generation) {
            stream.ffmpegExited(report);
        }
    }

    /** The listener of one ffmpeg, called on its supervisor's threads: hands every report over and returns. */
    private final class Generation implements FfmpegProcess.Listener {
        private final long number;

        Generation(long number) {
            this.number = number;
        }

        @Override
        public void onLine(String line) {
            notices.output(new FfmpegOutput(stream.id(), line));
            if (services.config().sendFfmpegOutput()) {
                outbox.sendDroppable(ServerMessages.ffmpegOutput(line));
            }
        }

        @Override
        public void onProgress(Progress latest) {
            lane.submit(() -> progressed(number, latest));
        }

        @Override
        public void onExit(ExitReport report) {
            lane.submit(() -> exited(number, report));
        }
    }
}
