package io.liverelay.admin.entity;

import io.liverelay.cluster.entity.ClusterView;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

/**
 * The admin API's cluster view: which node answered, every live node, and every connection with its node and
 * its status as that node published it. {@code stale}: the store did not answer and this is the last good read.
 */
public record ClusterStreams(String node, List<String> nodes, boolean stale, Instant readAt, List<Entry> streams) {

    private static final JsonProvider JSON = JsonProvider.provider();

    /** One connection: its node, its id, whether its ffmpeg runs, and its admin status (no stream key). */
    public record Entry(String node, String uuid, boolean live, JsonObject status) {
    }

    public static ClusterStreams of(String answering, ClusterView view) {
        return new ClusterStreams(answering, view.nodes(), view.stale(), view.readAt(), view.streams().stream()
                .map(s -> new Entry(s.node(), s.id(), s.live(), parse(s.status()))).toList());
    }

    private static JsonObject parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
