package io.liverelay.cluster.control;

import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.config.control.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * This node's door to the cluster. When the store is away, nothing fails: starts go on within this node's own
 * limits (the cluster-wide one is not checked), the view is the last one read, marked stale, and the slots taken
 * meanwhile are written back at the next beat that reaches the store. Logged once per outage.
 */
@ApplicationScoped
public class Cluster {

    private static final Logger LOG = System.getLogger(Cluster.class.getName());

    @Resource
    ManagedThreadFactory threads;

    private ClusterSettings settings;
    private ClusterStore store;
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean resync;
    private volatile boolean away;
    private volatile ClusterView last;
    private volatile Supplier<List<ClusterStream>> mine = List::of;

    @PostConstruct
    void start() {
        start(ClusterSettings.read(new Settings()));
    }

    /** For tests and embedders: these settings instead of the system's. */
    void start(ClusterSettings chosen) {
        settings = chosen;
        if (settings.redisUrl().isPresent()) {
            RedisStore redis = new RedisStore(settings, threads != null ? threads : Cluster::daemon);
            store = redis;
            try {
                redis.join();
            } catch (ClusterUnavailable e) {
                wentAway(e);
            }
        } else {
            store = new LocalStore(settings.nodeName(), () -> mine.get());
        }
        last = new ClusterView(List.of(settings.nodeName()), List.of(), false, Instant.now());
    }

    /** A started cluster with these settings, outside a container (tests, embedders); Redis needs threads then. */
    public static Cluster of(ClusterSettings settings) {
        Cluster cluster = new Cluster();
        cluster.start(settings);
        return cluster;
    }

    @PreDestroy
    void stop() {
        store.close();
    }

    public ClusterSettings settings() {
        return settings;
    }

    public String node() {
        return settings.nodeName();
    }

    /** True when several nodes share a store; false for a node on its own. */
    public boolean shared() {
        return settings.redisUrl().isPresent();
    }

    /** One of the cluster's ffmpeg slots (relay.cluster.maxFfmpegInstances); true when there is no such limit. */
    public boolean takeSlot() {
        int max = settings.maxFfmpegInstances();
        if (max == 0) {
            return true;
        }
        try {
            boolean taken = store.takeSlot(max);
            cameBack();
            if (taken) {
                held.incrementAndGet();
            }
            return taken;
        } catch (ClusterUnavailable e) {
            wentAway(e);
            held.incrementAndGet();
            return true;
        }
    }

    public void releaseSlot() {
        if (settings.maxFfmpegInstances() == 0) {
            return;
        }
        held.decrementAndGet();
        try {
            store.releaseSlot();
            cameBack();
        } catch (ClusterUnavailable e) {
            wentAway(e);
        }
    }

    /** Where this node's streams are read, as late as each use needs them: at a beat, or for a view. */
    public void publishes(Supplier<List<ClusterStream>> streams) {
        mine = streams;
    }

    /**
     * Publishes this node's streams to the shared store (a node alone keeps them where they are and publishes
     * nothing); returns what operators asked this node to stop (whole streams or one destination), each once.
     */
    public List<StopRequest> beat() {
        try {
            List<StopRequest> stops = store.beat(shared() ? mine.get() : List.of(), held.get(), resync);
            resync = false;
            cameBack();
            return stops;
        } catch (ClusterUnavailable e) {
            wentAway(e);
            return List.of();
        }
    }

    /**
     * Every node's streams. When the store is away: the other nodes' as last read, this node's as they are now,
     * marked stale.
     */
    public ClusterView view() {
        try {
            ClusterView now = store.view();
            last = now;
            cameBack();
            return now;
        } catch (ClusterUnavailable e) {
            wentAway(e);
            ClusterView before = last;
            List<ClusterStream> streams = new java.util.ArrayList<>(mine.get());
            before.streams().stream().filter(s -> !s.node().equals(node())).forEach(streams::add);
            return new ClusterView(before.nodes(), streams, true, before.readAt());
        }
    }

    /** Asks the stream's node to stop it, or one of its destinations, at its next beat. */
    public void requestStop(String node, StopRequest request) {
        store.requestStop(node, request);
    }

    /** Whether the store answers now (a node on its own always does). */
    public boolean reachable() {
        boolean reachable = store.reachable();
        if (!reachable) {
            away = true;
            resync = true;
        }
        return reachable;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "live-relay-cluster");
        thread.setDaemon(true);
        return thread;
    }

    private void wentAway(ClusterUnavailable e) {
        resync = true;
        if (!away) {
            away = true;
            LOG.log(Level.WARNING, "{0}; this node goes on with its own limits and a stale view of the others",
                    e.getMessage());
        }
    }

    private void cameBack() {
        if (away) {
            away = false;
            LOG.log(Level.INFO, "The cluster store answers again");
        }
    }
}
