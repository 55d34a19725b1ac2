package io.liverelay.cluster.entity;

/**
 * One connection as its node published it. {@code user}: the name of the user who opened it, or null when the
 * WebSocket was anonymous; {@code live}: its ffmpeg runs (started, not yet ended); {@code status}: the node's
 * status of it as JSON (the admin API's {@code ConnectionStatus}), which holds no stream key.
 */
public record ClusterStream(String node, String id, String user, boolean live, String status) {
}
