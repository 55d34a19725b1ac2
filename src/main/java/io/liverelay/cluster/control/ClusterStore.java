package io.liverelay.cluster.control;

import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import java.util.List;

/**
 * Where nodes meet. Every method may be called from any thread; an implementation backed by a server answers
 * within its timeout and throws {@link ClusterUnavailable} when it cannot, never blocks longer.
 */
public interface ClusterStore extends AutoCloseable {

    /**
     * This node is alive and runs these streams; it stays listed for the expiry only, unless it beats again.
     * {@code slotsTaken}: this node's ffmpeg slots, written when the store has none for it (it expired) or when
     * {@code resync} (takes or releases were missed while the store was away). Returns what operators asked this
     * node to stop since its last beat, each request once.
     */
    List<StopRequest> beat(List<ClusterStream> streams, int slotsTaken, boolean resync);

    /** Every live node and its streams as last published. */
    ClusterView view();

    /** Takes one ffmpeg slot of the cluster's {@code max} (0: no limit); false when all are taken. */
    boolean takeSlot(int max);

    void releaseSlot();

    /** Asks the node that runs the stream to stop it, or one of its destinations; it does at its next beat. */
    void requestStop(String node, StopRequest request);

    /** True when the store answers now. */
    boolean reachable();

    @Override
    void close();
}
