package io.liverelay.cluster.entity;

import java.time.Instant;
import java.util.List;

/**
 * Every live node and its streams, as one node last read them from the store. {@code stale}: the store could
 * not be read; the lists are then what the last good read returned, and {@code readAt} says when that was.
 */
public record ClusterView(List<String> nodes, List<ClusterStream> streams, boolean stale, Instant readAt) {

    public ClusterView {
        nodes = List.copyOf(nodes);
        streams = List.copyOf(streams);
    }

    /** How many streams this user has live (ffmpeg running), on every node, as of {@code readAt}. */
    public long liveStreamsOf(String user) {
        return user == null ? 0 : streams.stream().filter(s -> s.live() && user.equals(s.user())).count();
    }
}
