package io.liverelay.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the stress actors share: where they connect, the clock they stop by, and the tally of their finished
 * streams. The open sockets are kept too, so that actors still waiting long after the end can be cut loose.
 */
final class StressTally {

    final URI relay;
    final StressSink sink;
    final StressAdmin admin;
    final ChunkPlan plan;
    final String mimeType;
    final long relayPid;
    final long endNanos;
    private final List<StressStream> finished = new ArrayList<>(); // guarded by itself
    private final Set<StressSocket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();

    StressTally(URI relay, StressSink sink, StressAdmin admin, ChunkPlan plan, String mimeType, long relayPid,
            long endNanos) {
        this.relay = relay;
        this.sink = sink;
        this.admin = admin;
        this.plan = plan;
        this.mimeType = mimeType;
        this.relayPid = relayPid;
        this.endNanos = endNanos;
    }

    boolean over() {
        return System.nanoTime() - endNanos >= 0;
    }

    void opened(StressSocket socket) {
        open.add(socket);
    }

    void closed(StressSocket socket) {
        open.remove(socket);
    }

    void started() {
        live.incrementAndGet();
    }

    void stopped() {
        live.decrementAndGet();
    }

    void refused() {
        refusals.incrementAndGet();
    }

    void finished(StressStream stream) {
        synchronized (finished) {
            finished.add(stream);
        }
    }

    /** Streams between their {@code started} and their end, as the actors see them. */
    int live() {
        return live.get();
    }

    int refusals() {
        return refusals.get();
    }

    int finishedCount() {
        synchronized (finished) {
            return finished.size();
        }
    }

    List<StressStream> streams() {
        synchronized (finished) {
            return List.copyOf(finished);
        }
    }

    /** Resets every socket still open: for actors that are still waiting when the run gives up on them. */
    int resetAll() {
        List<StressSocket> sockets = List.copyOf(open);
        sockets.forEach(StressSocket::reset);
        return sockets.size();
    }
}
