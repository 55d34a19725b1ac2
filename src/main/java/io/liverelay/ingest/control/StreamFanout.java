package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import io.liverelay.ingest.entity.FfmpegOutput;
import io.liverelay.ingest.entity.StreamPublishing;
import io.liverelay.media.control.TagPipe;
import io.liverelay.rtmp.entity.RtmpTarget;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocketFactory;

/**
 * The output of a stream with several destinations: one ffmpeg converts the browser's media once and writes FLV,
 * {@link FlvFanout} passes its tags on, and each destination has a connection of its own ({@link RtmpEgress}, the
 * relay's RTMP publisher) that sends them. A destination that fails reconnects on its own (from the next keyframe,
 * with the codec headers) or fails for good without touching the others; the stream ends when the browser stops,
 * or when no destination is left. Runs on the stream's lane; the other threads only queue tasks there.
 */
final class StreamFanout implements StreamOutput {

    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final RelayStream stream;
    private final StreamLane lane;
    private final StreamNotices notices;
    private final ClientLink outbox;
    private final StreamServices services;
    private final List<String> command;
    private final StreamProgress progress;
    private final SSLSocketFactory tls;
    private final FlvFanout fanout;
    private final List<String> recording;
    private final List<DestinationLink> links = new ArrayList<>();
    private final DestinationUpdates updates;
    private volatile FfmpegProcess process;
    private volatile ChunkPipe pipe;
    private ExitReport converterExit; // held until every destination is done
    private boolean ending;
    private boolean exitPassedOn;
    private boolean published;

    StreamFanout(RelayStream stream, StreamLane lane, StreamNotices notices, ClientLink outbox,
            StreamServices services, StartPreparation.Prepared prepared, StreamProgress progress) {
        this.stream = stream;
        this.lane = lane;
        this.notices = notices;
        this.outbox = outbox;
        this.services = services;
        this.command = prepared.command();
        this.progress = progress;
        this.tls = prepared.tls();
        this.recording = prepared.recording();
        this.fanout = new FlvFanout(prepared.routes().size() + (recording == null ? 0 : 1));
        this.updates = new DestinationUpdates(stream.id(), outbox, notices, this::destinations);
        for (StartPreparation.Route route : prepared.routes()) {
            links.add(new DestinationLink(links.size(), route.destination(), route.again(),
                    fanout.outlet(links.size())));
        }
        if (recording != null) {
            links.add(new DestinationLink(links.size(), null, null, fanout.outlet(links.size())));
        }
    }

    @Override
    public void launch(long extraBytes) throws IOException {
        ChunkPipe input = new ChunkPipe(services.config().queueMaxBytes() + extraBytes);
        process = FfmpegProcess.start(services.launcher(), command, input, new Converter(), UnaryOperator.identity(),
                services.config().stopGrace(), services.config().terminateGrace(), services.executor(), fanout);
        pipe = input;
        for (DestinationLink link : links) {
            try {
                if (link.recording()) {
                    record(link);
                } else {
                    connect(link, link.destination);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "Stream " + stream.id() + ": " + link.label() + " could not be started", e);
                link.failedWith(RelayError.FFMPEG_START_FAILED, RelayError.FFMPEG_START_FAILED.summary());
                change(link, DestinationState.FAILED);
            }
        }
        if (links.stream().allMatch(link -> link.state.terminal())) {
            process.kill();
            throw new IOException("no destination could be started");
        }
    }

    /** The server's recording: an ffmpeg writing fragmented MP4, fed like a destination. */
    private void record(DestinationLink link) throws IOException {
        long number = ++link.generation;
        RecordingEgress egress = RecordingEgress.start(recording, services.config().destinationBacklogBytes(),
                new Reports(link, number), services.launcher(), services.config().stopGrace(),
                services.config().terminateGrace(), services.executor());
        link.egress = egress;
        link.outlet.attach(egress);
    }

    /** A new connection for the destination, from the next keyframe on; throws when no thread takes the task. */
    private void connect(DestinationLink link, Destination checked) {
        long number = ++link.generation;
        TagPipe backlog = new TagPipe(services.config().destinationBacklogBytes());
        RtmpEgress egress = new RtmpEgress(RtmpTarget.of(checked), tls,
                Duration.ofSeconds(services.config().rtmpTimeoutSeconds()), services.executor(), backlog,
                new Reports(link, number));
        services.executor().execute(egress);
        link.egress = egress;
        link.outlet.attach(backlog);
    }

    @Override
    public FfmpegProcess process() {
        return process;
    }

    @Override
    public ChunkPipe pipe() {
        return pipe;
    }

    @Override
    public void observe(byte[] chunk) {
        // the converting ffmpeg never reconnects: nothing to follow
    }

    @Override
    public void hold(byte[] chunk) {
        throw new IllegalStateException("a stream with several destinations never waits for its converter");
    }

    @Override
    public void abandon() {
        // nothing is ever held
    }

    @Override
    public long droppedBytes() {
        return 0;
    }

    @Override
    public boolean shouldRetry(RelayError error) {
        return false;
    }

    @Override
    public boolean reconnect(String cause) {
        return false;
    }

    @Override
    public String failure(RelayError error) {
        return error.summary();
    }

    @Override
    public void failedForGood(RelayError error, String message) {
        // the converter's failure is the stream's: each destination ends on its own as the converter's output stops
    }

    @Override
    public void streamEnded() {
        // nothing left to settle: the converter's exit is passed on only once every destination is done
    }

    @Override
    public void kill() {
        ending = true;
        FfmpegProcess converter = process;
        if (converter != null) {
            converter.kill();
        }
        for (DestinationLink link : links) {
            if (link.egress != null) {
                link.egress.abort();
            } else if (!link.state.terminal()) {
                change(link, DestinationState.ENDED);
            }
        }
    }

    @Override
    public List<DestinationStatus> destinations() {
        return links.stream().map(DestinationLink::status).toList();
    }

    /**
     * An operator stops one destination; the others go on. Refused for a destination already done, and for the last
     * one still running: stopping that is stopping the stream.
     */
    Connections.DestinationStop stop(int index) {
        if (index < 0 || index >= links.size()) {
            return Connections.DestinationStop.UNKNOWN;
        }
        DestinationLink link = links.get(index);
        long running = links.stream().filter(each -> !each.state.terminal()).count();
        if (link.state.terminal() || running < 2 || ending) {
            return Connections.DestinationStop.REFUSED;
        }
        LOG.log(Level.INFO, "Stream {0}: destination {1} ({2}) stopped by an operator", stream.id(), index + 1,
                link.label());
        change(link, DestinationState.STOPPED);
        if (link.egress != null) {
            link.egress.abort();
        }
        return Connections.DestinationStop.STOPPED;
    }

    // ---- the converting ffmpeg

    /** About once a second: the numbers for the browser, and a connection that stopped being read is ended. */
    private void converted(Progress latest) {
        progress.update(latest);
        long now = System.nanoTime();
        Duration limit = Duration.ofSeconds(services.config().rtmpTimeoutSeconds());
        for (DestinationLink link : links) {
            services.stats().sent(link.tick(now));
            Egress egress = link.egress;
            if (egress != null && egress.stalledFor(now).compareTo(limit) > 0) {
                LOG.log(Level.WARNING, "Stream {0}: destination {1} took nothing for {2} s (relay.rtmp.timeoutSeconds)",
                        stream.id(), link.index + 1, limit.toSeconds());
                link.failedWith(RelayError.RTMP_CONNECTION_FAILED, "The RTMP server stopped reading for more than "
                        + limit.toSeconds() + " s.");
                egress.abort(); // its end comes as a failure below: the lane decides on a reconnect there
                link.stalled = true;
            }
        }
        updates.progress(progress.total());
    }

    /** The converter ended: what it wrote was passed on, so each destination now sends its rest and ends. */
    private void converterExited(ExitReport report) {
        converterExit = report;
        ending = true;
        for (DestinationLink link : links) {
            if (link.egress != null) {
                if (report.requested() && !report.killed()) {
                    link.egress.finish();
                } else {
                    link.egress.abort();
                }
            } else if (!link.state.terminal()) {
                change(link, DestinationState.ENDED); // waiting to reconnect: there is nothing left to send
            }
        }
        passExitWhenDone();
        if (!exitPassedOn) {
            boundTheDrain();
        }
    }

    /**
     * The destinations send what they still hold, but not forever: no progress report comes any more to notice a
     * server that stopped reading, so whatever has not finished within the stop's grace is ended.
     */
    private void boundTheDrain() {
        Duration grace = services.config().stopGrace().plus(services.config().terminateGrace());
        try {
            services.executor().execute(() -> {
                try {
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lane.submit(this::abortTheRest);
            });
        } catch (RuntimeException e) {
            abortTheRest(); // no thread to wait with: the application is stopping
        }
    }

    private void abortTheRest() {
        for (DestinationLink link : links) {
            if (link.egress != null) {
                LOG.log(Level.WARNING, "Stream {0}: destination {1} had not sent its rest after the stop: ended",
                        stream.id(), link.index + 1);
                link.egress.abort();
            }
        }
    }

    private void passExitWhenDone() {
        if (exitPassedOn || converterExit == null || links.stream().anyMatch(link -> link.egress != null)) {
            return;
        }
        exitPassedOn = true;
        stream.ffmpegExited(converterExit);
    }

    // ---- one destination's connection

    private void connected(DestinationLink link, long number) {
        if (number != link.generation || link.state.terminal()) {
            return;
        }
        link.everLive = true;
        link.attempt = 0;
        if (link.reconnects > 0) {
            LOG.log(Level.INFO, "Stream {0}: destination {1} is live again", stream.id(), link.index + 1);
        }
        change(link, DestinationState.LIVE);
        if (!published) {
            published = true;
            notices.fire(new StreamPublishing(stream.id(), progress.sinceStart()));
        }
    }

    private void ended(DestinationLink link, long number, RelayError error, String message) {
        if (number != link.generation) {
            return;
        }
        boolean stalled = link.stalled;
        link.stalled = false;
        services.stats().sent(link.tick(System.nanoTime())); // the bytes since the last report count too
        link.connectionEnded();
        link.outlet.detach();
        if (link.state == DestinationState.STOPPED) {
            passExitWhenDone();
            return;
        }
        if (stalled && error == null) {
            error = link.lastError; // the relay ended it because the server took nothing: that is its failure
            message = link.lastMessage;
        }
        if (error == null || ending) {
            change(link, DestinationState.ENDED);
        } else {
            link.failedWith(error, message);
            if (!link.recording() && link.everLive && error == RelayError.RTMP_CONNECTION_FAILED
                    && link.attempt < services.config().reconnectAttempts()) {
                reconnect(link, link.lastMessage);
            } else {
                LOG.log(Level.WARNING, "Stream {0}: destination {1} ({2}) failed: {3}", stream.id(), link.index + 1,
                        link.label(), link.lastMessage);
                change(link, DestinationState.FAILED);
            }
        }
        passExitWhenDone();
        if (!ending && links.stream().allMatch(each -> each.state.terminal())) {
            noDestinationLeft();
        }
    }

    private void reconnect(DestinationLink link, String cause) {
        link.attempt++;
        link.reconnects++;
        Duration delay = link.nextDelay(services.config().reconnectMaxDelay());
        LOG.log(Level.WARNING, "Stream {0}: destination {1} lost its RTMP server ({2}); try {3} of {4} in {5} s",
                stream.id(), link.index + 1, cause, link.attempt, services.config().reconnectAttempts(),
                delay.toSeconds());
        change(link, DestinationState.RECONNECTING);
        long number = link.generation;
        try {
            services.executor().execute(() -> prepareReconnect(link, number, delay));
        } catch (RuntimeException e) {
            change(link, DestinationState.FAILED); // the application is stopping
        }
    }

    /** Off the lane: the pause, then the name resolved and checked again. */
    private void prepareReconnect(DestinationLink link, long number, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            Destination checked = link.again.destination();
            lane.submit(() -> reconnectNow(link, number, checked, null, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.submit(() -> reconnectNow(link, number, null, RelayError.INTERNAL_ERROR, "The relay is stopping."));
        } catch (RelayException e) {
            lane.submit(() -> reconnectNow(link, number, null, e.error(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Stream " + stream.id() + ": the destination could not be checked again", e);
            lane.submit(() -> reconnectNow(link, number, null, RelayError.INTERNAL_ERROR,
                    RelayError.INTERNAL_ERROR.summary()));
        }
    }

    private void reconnectNow(DestinationLink link, long number, Destination checked, RelayError error,
            String message) {
        if (link.state != DestinationState.RECONNECTING || link.generation != number || ending) {
            return; // stopped, or the stream ended meanwhile
        }
        if (checked != null) {
            try {
                connect(link, checked);
                return;
            } catch (RuntimeException e) {
                error = RelayError.INTERNAL_ERROR;
                message = "The relay is stopping.";
            }
        }
        link.failedWith(error, message);
        change(link, DestinationState.FAILED);
        if (links.stream().allMatch(each -> each.state.terminal())) {
            noDestinationLeft();
        }
    }

    /** Every destination failed or was stopped while the browser still sends: the stream ends, saying why. */
    private void noDestinationLeft() {
        List<String> why = new ArrayList<>();
        RelayError last = RelayError.STOPPED_BY_ADMIN;
        for (DestinationLink link : links) {
            if (link.state == DestinationState.FAILED) {
                last = link.lastError;
                why.add((link.index + 1) + ": " + link.lastMessage);
            }
        }
        String message = why.isEmpty() ? RelayError.STOPPED_BY_ADMIN.summary()
                : "No destination is left. " + String.join("; ", why);
        stream.destinationsGone(last, message);
    }

    private void change(DestinationLink link, DestinationState state) {
        updates.change(link, state);
    }

    /** The converter's reports, handed over to the lane. */
    private final class Converter implements FfmpegProcess.Listener {
        @Override
        public void onLine(String line) {
            notices.output(new FfmpegOutput(stream.id(), line));
            if (services.config().sendFfmpegOutput()) {
                outbox.sendDroppable(ServerMessages.ffmpegOutput(line));
            }
        }

        @Override
        public void onProgress(Progress latest) {
            lane.submit(() -> converted(latest));
        }

        @Override
        public void onExit(ExitReport report) {
            lane.submit(() -> converterExited(report));
        }
    }

    /** One connection's reports, handed over to the lane. */
    private final class Reports implements Egress.Listener {
        private final DestinationLink link;
        private final long number;

        Reports(DestinationLink link, long number) {
            this.link = link;
            this.number = number;
        }

        @Override
        public void connected() {
            lane.submit(() -> StreamFanout.this.connected(link, number));
        }

        @Override
        public void ended(RelayError error, String message) {
            lane.submit(() -> StreamFanout.this.ended(link, number, error, message));
        }
    }
}
