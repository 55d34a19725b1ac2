package io.liverelay.cluster.control;

import io.liverelay.config.control.Settings;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster's options (docs/configuration.md, "Cluster"). Without {@code relay.cluster.redisUrl} the node is
 * a cluster of one. The node's name defaults to a random one: set it, so that the admin page says which machine
 * runs a stream.
 */
public record ClusterSettings(Optional<String> redisUrl, String nodeName, int maxFfmpegInstances,
        Duration heartbeat, Duration expiry, Duration timeout) {

    public static ClusterSettings read(Settings settings) {
        String node = settings.string("relay.cluster.nodeName")
                .orElseGet(() -> "node-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        if (!node.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("relay.cluster.nodeName: letters, digits, '.', '_' and '-' only, "
                    + "at most 64: " + node);
        }
        Duration heartbeat = Duration.ofMillis(settings.number("relay.cluster.heartbeatMillis", 1000, 100, 60_000));
        Duration expiry = Duration.ofSeconds(settings.number("relay.cluster.expirySeconds", 10, 1, 600));
        if (expiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("relay.cluster.expirySeconds must be at least two heartbeats");
        }
        return new ClusterSettings(settings.string("relay.cluster.redisUrl"), node,
                (int) settings.number("relay.cluster.maxFfmpegInstances", 0, 0, 1_000_000), heartbeat, expiry,
                Duration.ofMillis(settings.number("relay.cluster.timeoutMillis", 1000, 50, 60_000)));
    }

    /** The Redis URL with any password replaced, for the log. */
    public String redisUrlForLog() {
        return redisUrl.map(url -> url.replaceAll("//[^@/]*@", "//***@")).orElse("none");
    }
}
