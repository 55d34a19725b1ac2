package io.liverelay.ingest.control;

import io.liverelay.cluster.control.Cluster;
import io.liverelay.config.control.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's limits: the seed's {@code maxFfmpegInstances} (a slot per ffmpeg) and
 * {@code relay.maxTranscodes} (a slot per stream whose video is re-encoded, each costing about as much CPU as
 * 30 copied ones), and with several nodes {@code relay.cluster.maxFfmpegInstances}, counted in the cluster's
 * store. Taken before an ffmpeg starts, given back when it ends; 0 means no limit.
 */
@ApplicationScoped
public class StreamSlots {

    @Inject
    RelayConfig config;

    @Inject
    Cluster cluster;

    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger transcodes = new AtomicInteger();

    public boolean tryAcquire() {
        return acquire(taken, config.maxFfmpegInstances());
    }

    public void release() {
        taken.decrementAndGet();
    }

    /** A slot of the whole cluster, once this node gave one of its own; true when there is no such limit. */
    public boolean tryAcquireInCluster() {
        return cluster.takeSlot();
    }

    public void releaseInCluster() {
        cluster.releaseSlot();
    }

    public int maxInCluster() {
        return cluster.settings().maxFfmpegInstances();
    }

    public boolean tryAcquireTranscode() {
        return acquire(transcodes, config.maxTranscodes());
    }

    public void releaseTranscode() {
        transcodes.decrementAndGet();
    }

    public int taken() {
        return taken.get();
    }

    public int max() {
        return config.maxFfmpegInstances();
    }

    public int transcodes() {
        return transcodes.get();
    }

    public int maxTranscodes() {
        return config.maxTranscodes();
    }

    private static boolean acquire(AtomicInteger counter, int max) {
        while (true) {
            int now = counter.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (counter.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
