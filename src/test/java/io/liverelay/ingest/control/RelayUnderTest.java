package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.config.control.Settings;
import io.liverelay.destination.control.AddressRule;
import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ingest.entity.StartRequest;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.websocket.Session;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The relay's control path as the container would assemble it (registry, streams, lanes, outbox, idle sweep),
 * without a container: plain threads, the events handed to the test's observers synchronously as CDI would, and
 * {@link FakeFfmpeg} instead of ffmpeg. For unit tests of concurrency and state; integration tests use the real
 * server, ffmpeg and RTMP server.
 */
final class RelayUnderTest implements AutoCloseable {

    static final String DESTINATION = "rtmp://127.0.0.1:1935/live/unit-test-key";

    final StreamRegistry registry = new StreamRegistry();
    final Connections connections = new Connections();
    final IdleSweep sweep = new IdleSweep();
    final List<Object> fired = new CopyOnWriteArrayList<>();
    final List<FakeFfmpeg> processes = new CopyOnWriteArrayList<>();
    private final List<Consumer<Object>> observers = new CopyOnWriteArrayList<>();
    private final ExecutorService completions = Executors.newCachedThreadPool();
    private final AtomicLong progressMillis = new AtomicLong(200);
    /** The ffmpeg the locator found: a recent one that lacks nothing, unless a test says otherwise. */
    volatile FfmpegBinary binary = new FfmpegBinary(Path.of("ffmpeg"), "ffmpeg version 6.0", FfmpegBinary.Source.PATH);

    RelayUnderTest(Map<String, String> options) {
        // the races these tests drive come from one address; ConnectionLimitsTest sets its own limits
        Map<String, String> settings = new HashMap<>(Map.of("relay.ws.idleTimeoutSeconds", "0",
                "relay.ws.maxConnectionsPerAddress", "1000"));
        settings.putAll(options);
        RelayConfig config = new RelayConfig();
        config.read(new Settings(settings::get, name -> null));
        FfmpegLocator locator = new FfmpegLocator() {
            @Override
            public FfmpegBinary ffmpeg() {
                return binary;
            }
        };
        StreamSlots slots = new StreamSlots();
        slots.config = config;
        slots.cluster = io.liverelay.cluster.control.Cluster.of(io.liverelay.cluster.control.ClusterSettings.read(
                new Settings(settings::get, name -> null)));
        sweep.config = config;
        sweep.configure(config.idleTimeout(), IdleSweep.shortest(IdleSweep.shortest(config.mediaTimeout(),
                config.maxPause()), config.resumeGrace()), System::nanoTime);
        registry.threads = new PlainThreads();
        registry.config = config;
        registry.locator = locator;
        registry.tls = new RtmpsTrust();
        registry.tls.config = config;
        registry.tls.init();
        registry.destinations = new DestinationPolicy(new AddressRule(List.of("127.0.0.1"), InetAddress::getAllByName));
        registry.events = new LifecycleEvents() {
            @Override
            public void fire(Object event) {
                fired.add(event);
                observers.forEach(o -> o.accept(event));
            }
        };
        registry.hooks = new StartHooks() {
            @Override
            public void apply(StartRequest request) {
                // no application hooks
            }
        };
        registry.slots = slots;
        registry.stats = new RelayStats();
        registry.idle = sweep;
        registry.launcher = command -> {
            FakeFfmpeg process = new FakeFfmpeg(progressMillis.get());
            processes.add(process);
            return process;
        };
        registry.init();
        connections.registry = registry;
    }

    /** How often the next fake ffmpegs report progress. */
    void progressEvery(Duration period) {
        progressMillis.set(period.toMillis());
    }

    /** An observer of every event, called as a synchronous CDI observer would be. */
    void observe(Consumer<Object> observer) {
        observers.add(observer);
    }

    /** A browser connects: the session's {@code @OnClose} is the registry's, as the endpoint wires it. */
    FakeSession connect() {
        return connect("127.0.0.1");
    }

    /** A browser connects from {@code peer}, as the server's socket sees it. */
    FakeSession connect(String peer) {
        return connect(peer, null);
    }

    /** A browser connects from {@code peer} with {@code forwardedFor} as the client address header's value. */
    FakeSession connect(String peer, String forwardedFor) {
        FakeSession session = new FakeSession(completions, registry::closed);
        registry.opened(session.session(), peer, forwardedFor);
        return session;
    }

    void text(FakeSession session, String text) {
        registry.text(session.session(), text);
    }

    void binary(FakeSession session, byte[] chunk) {
        registry.binary(session.session(), chunk, true);
    }

    static String start() {
        return "{\"type\":\"start\",\"config\":{\"rtmp\":\"" + DESTINATION
                + "\",\"mimeType\":\"video/x-matroska;codecs=avc1,opus\",\"framerate\":30,\"audioSampleRate\":48000}}";
    }

    StreamSlots slots() {
        return registry.slots;
    }

    RelayStream stream(Session session) {
        return (RelayStream) session.getUserProperties().get("io.liverelay.stream");
    }

    @Override
    public void close() {
        registry.stopAll();
        completions.shutdownNow();
    }

    /** Plain daemon threads, as a ManagedThreadFactory gives container threads. */
    private static final class PlainThreads implements ManagedThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "relay-under-test");
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    }
}
