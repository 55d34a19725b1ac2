package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.control.ProcessLauncher;
import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.ingest.entity.StreamContext;
import io.liverelay.ingest.entity.StreamOpened;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns every live stream: creates one per WebSocket session, routes the session's messages to it, forgets it
 * once it ended, and at undeploy stops them all within a bounded time so that no ffmpeg outlives the WAR.
 */
@ApplicationScoped
public class StreamRegistry {

    private static final Logger LOG = System.getLogger(StreamRegistry.class.getName());
    private static final String STREAM = "io.liverelay.stream";
    private static final String WATCH = "io.liverelay.idleWatch";
    private static final String OUTBOX = "io.liverelay.outbox";
    private static final java.util.regex.Pattern STREAM_ID = java.util.regex.Pattern.compile("[0-9a-f-]{36}");
    private static final String REFUSED = "io.liverelay.refused";
    static final long REFUSED_LINGER_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    RelayConfig config;

    @Inject
    FfmpegLocator locator;

    @Inject
    DestinationPolicy destinations;

    @Inject
    RtmpsTrust tls;

    @Inject
    LifecycleEvents events;

    @Inject
    StartHooks hooks;

    @Inject
    StreamSlots slots;

    @Inject
    RelayStats stats;

    @Inject
    IdleSweep idle;

    private final Map<String, RelayStream> streams = new ConcurrentHashMap<>();
    private final Map<String, String> seats = new ConcurrentHashMap<>(); // stream id → its connection's limit key
    // JVM exit (SIGTERM to the server) halts threads mid-stopAll(); this hook holds the exit until ffmpeg is gone
    private final Thread onJvmExit = new Thread(this::terminateAll, "live-relay-jvm-exit");
    ProcessLauncher launcher = ProcessLauncher.SYSTEM; // a unit test's stand-in for ffmpeg
    private StreamThreads executor;
    private StreamServices services;
    private ClientAddress clientAddress;
    private ConnectionLimits limits;

    @PostConstruct
    void init() {
        executor = new StreamThreads(threads);
        StartChecks start = new StartChecks(hooks, new StartValidator(destinations, config.rtmpUrlRegexp(),
                config.maxDestinationsPerStream()), locator, tls);
        services = new StreamServices(config, start, events, slots, stats, executor, launcher, idle);
        clientAddress = new ClientAddress(config.trustedProxies());
        limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerAddress());
        Runtime.getRuntime().addShutdownHook(onJvmExit);
    }

    /**
     * A WebSocket opened. {@code peer}: the address of the socket's other end as the boundary found it, or
     * "unknown"; {@code forwardedFor}: the client address header of the handshake, or null. A connection over a
     * limit hears why and is closed; it has no stream, and what it sends is ignored.
     */
    public void opened(Session session, String peer, String forwardedFor) {
        String remoteAddress = clientAddress.resolve(peer, forwardedFor);
        String key = ClientAddress.limitKey(remoteAddress);
        RelayError over = limits.admit(key, remoteAddress);
        if (over != null) {
            stats.refused(over);
            refuse(session, over);
            return;
        }
        session.setMaxBinaryMessageBufferSize(config.maxBinaryMessageBytes());
        session.setMaxTextMessageBufferSize(config.maxTextMessageBytes());
        session.setMaxIdleTimeout(0); // IdleSweep does it for all connections, at a fraction of the cost
        StreamContext context = new StreamContext(remoteAddress, session.getUserPrincipal(),
                session.getRequestParameterMap(), Instant.now());
        // the stream the session carries may change (a resume): the watch asks the session for it when it fires
        SessionOutbox outbox = new SessionOutbox(session);
        IdleWatch watch = idle.watch(new WatchedSession(session),
                () -> stream(session).idle(outbox, config.idleTimeout()));
        RelayStream stream = new RelayStream(outbox, services, context, watch, this::ended,
                (connection, request) -> resume(session, connection, request));
        seats.put(stream.id(), key);
        streams.put(stream.id(), stream);
        session.getUserProperties().put(STREAM, stream);
        session.getUserProperties().put(WATCH, watch);
        session.getUserProperties().put(OUTBOX, outbox);
        stream.notices().fire(new StreamOpened(stream.id(), context.remoteAddress()));
    }

    private void ended(RelayStream stream) {
        streams.remove(stream.id());
        String key = seats.remove(stream.id());
        if (key != null) {
            limits.release(key);
        }
    }

    /**
     * The stream of {@code connection} (a new one, nothing started) asks to carry on the stream the request names.
     * The named stream decides on its own lane; once it took the connection, the session's messages go to it, the
     * connection's limit seat becomes the stream's (the lost connection's is given back) and the connection's own
     * stream is dropped without a word: it never was one.
     */
    private void resume(Session session, RelayStream connection, ClientMessage.Reattach request) {
        RelayStream target = streams.get(request.id());
        if (target == null || target == connection) {
            String id = STREAM_ID.matcher(request.id()).matches() ? request.id() : "with this id";
            connection.resumeRefused("No stream " + id + " waits to be resumed on this server: it ended, or it"
                    + " runs on another one.");
            return;
        }
        String user = session.getUserPrincipal() == null ? null : session.getUserPrincipal().getName();
        target.reattach(new Reattachment(outbox(session), watch(session),
                connection.status().remoteAddress(), user, request, () -> {
                    session.getUserProperties().put(STREAM, target);
                    streams.remove(connection.id());
                    String key = seats.remove(connection.id());
                    String lost = key == null ? null : seats.put(target.id(), key);
                    if (lost != null) {
                        limits.release(lost);
                    }
                    connection.handedOver();
                }, connection::resumeRefused));
    }

    /**
     * A connection over a limit hears why at once; it is closed when it next sends (a client sends {@code start}
     * right after opening), or by the container after {@link #REFUSED_LINGER_MS} of silence. Never from here:
     * this runs inside the container's upgrade, and on Payara a close there hands the half-set-up request to the
     * next connection, whose messages then never arrive (the churn of HostileClientsIT showed it).
     */
    private void refuse(Session session, RelayError over) {
        SessionOutbox outbox = new SessionOutbox(session);
        session.getUserProperties().put(REFUSED, new Refusal(outbox, new CloseReason(
                over == RelayError.SERVER_BUSY ? CloseReason.CloseCodes.TRY_AGAIN_LATER
                        : CloseReason.CloseCodes.VIOLATED_POLICY, over.name())));
        session.setMaxIdleTimeout(REFUSED_LINGER_MS);
        outbox.send(ServerMessages.error(over, limits.message(over)));
    }

    /** A refused connection: its error is on its way; the close follows it once the client sends again. */
    private record Refusal(SessionOutbox outbox, CloseReason reason) {

        void closeAfterTheError() {
            outbox.closeWhenDrained(reason);
        }
    }

    public void text(Session session, String text) {
        // WildFly's Undertow lets a text message over setMaxTextMessageBufferSize through when it arrives in one
        // read: refuse it here as Payara's Tyrus does, with 1009
        if (text.length() > config.maxTextMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > config.maxTextMessageBytes()) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "Too big."));
            } catch (IOException e) {
                // already closing
            }
            return;
        }
        Refusal refusal = refusal(session);
        if (refusal != null) {
            refusal.closeAfterTheError();
            return;
        }
        watch(session).touch();
        stream(session).onText(text);
    }

    public void binary(Session session, byte[] part, boolean last) {
        Refusal refusal = refusal(session);
        if (refusal != null) {
            refusal.closeAfterTheError();
            return;
        }
        watch(session).touch();
        stream(session).onBinary(part, last);
    }

    public void closed(Session session, CloseReason reason) {
        IdleWatch watch = watch(session);
        if (watch != null) {
            idle.forget(watch);
        }
        RelayStream stream = stream(session);
        if (stream != null) {
            stream.connectionClosed(outbox(session), reason);
        }
    }

    /** Live connections, oldest first. */
    public List<RelayStream> streams() {
        List<RelayStream> all = new ArrayList<>(streams.values());
        all.sort(Comparator.comparing(s -> s.status().openedAt()));
        return all;
    }

    public Optional<RelayStream> find(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    /**
     * Undeploy: every stream stops gracefully (ffmpeg gets what it has, then end of input) within
     * {@code relay.stop.graceSeconds} and {@code relay.stop.terminateSeconds}; whatever ffmpeg is left after that
     * is killed. The threads the streams run on are this registry's, so they are still there for all of it.
     */
    @PreDestroy
    void stopAll() {
        try {
            Runtime.getRuntime().removeShutdownHook(onJvmExit); // an undeploy: the JVM goes on
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs beside this
        }
        List<RelayStream> live = new ArrayList<>(streams.values());
        List<CompletableFuture<Void>> ending = live.stream().map(RelayStream::shutdown).toList();
        long deadline = System.nanoTime() + config.stopGrace().plus(config.terminateGrace()).toNanos();
        for (CompletableFuture<Void> end : ending) {
            try {
                end.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (RelayStream stream : live) {
            FfmpegProcess process = stream.process();
            if (process != null && process.isAlive()) {
                LOG.log(Level.WARNING, "ffmpeg {0} did not finish in time at shutdown: killed", process.pid());
                process.kill();
            }
        }
        executor.shutdown();
    }

    /**
     * The JVM is exiting. Payara Micro halts it about half a second after SIGTERM, in the middle of
     * {@link #stopAll()}'s graceful wait, and an ffmpeg blocked on a stalled RTMP server never notices that its
     * input closed: it would outlive the server. The JVM waits for this hook: SIGTERM to every ffmpeg (it
     * closes its output properly), a bounded wait, then SIGKILL. No lane is involved: their threads may be gone.
     */
    private void terminateAll() {
        List<FfmpegProcess> running = new ArrayList<>();
        for (RelayStream stream : streams.values()) {
            FfmpegProcess process = stream.process();
            if (process != null) {
                process.terminate();
                running.add(process);
            }
        }
        long deadline = System.nanoTime() + config.terminateGrace().toNanos();
        for (FfmpegProcess process : running) {
            process.awaitExit(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        running.stream().filter(FfmpegProcess::isAlive).forEach(FfmpegProcess::kill);
    }

    /** The refusal of a connection over a limit; null for an admitted one. */
    private static Refusal refusal(Session session) {
        return (Refusal) session.getUserProperties().get(REFUSED);
    }

    private static RelayStream stream(Session session) {
        return (RelayStream) session.getUserProperties().get(STREAM);
    }

    private static SessionOutbox outbox(Session session) {
        return (SessionOutbox) session.getUserProperties().get(OUTBOX);
    }

    private static IdleWatch watch(Session session) {
        return (IdleWatch) session.getUserProperties().get(WATCH);
    }

    /** The idle sweep's view of a session: the last resort closes it even if no close frame can be sent. */
    private record WatchedSession(Session session) implements IdleWatch.Connection {
        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public void close() {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout"));
            } catch (IOException | RuntimeException e) {
                // already closing
            }
        }
    }
}
