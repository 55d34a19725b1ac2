package io.liverelay.cluster.control;

import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster of one, when no store is configured: what this node published is the whole view, its slots are
 * the cluster's, and a stop request is for itself. Nothing leaves the JVM.
 */
final class LocalStore implements ClusterStore {

    private final String node;
    private final Supplier<List<ClusterStream>> streams;
    private final List<StopRequest> stops = new ArrayList<>();
    private int slots;

    /** {@code streams}: this node's, read when a view is asked for, so nothing is copied at each beat. */
    LocalStore(String node, Supplier<List<ClusterStream>> streams) {
        this.node = node;
        this.streams = streams;
    }

    @Override
    public synchronized List<StopRequest> beat(List<ClusterStream> mine, int slotsTaken, boolean resync) {
        List<StopRequest> asked = List.copyOf(stops);
        stops.clear();
        return asked;
    }

    @Override
    public ClusterView view() {
        return new ClusterView(List.of(node), streams.get(), false, Instant.now());
    }

    @Override
    public synchronized boolean takeSlot(int max) {
        if (max > 0 && slots >= max) {
            return false;
        }
        slots++;
        return true;
    }

    @Override
    public synchronized void releaseSlot() {
        slots = Math.max(0, slots - 1);
    }

    @Override
    public synchronized void requestStop(String target, StopRequest request) {
        if (node.equals(target)) {
            stops.add(request);
        }
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
