/**
 * Several relay nodes acting as one: each node publishes its streams to a shared store with an expiry, so any
 * node can list every stream, ask another node to stop one, and count ffmpeg slots across all of them. The store
 * is an existing one (Redis, with {@code relay.cluster.redisUrl}); without it, a node is a cluster of one and
 * nothing leaves its memory. Knows nothing of streams beyond the opaque status each node publishes.
 */
package io.liverelay.cluster;
