/**
 * The work behind the WebSocket: reading control messages, validating a start, owning each connection's
 * stream (its ffmpeg, its outgoing messages, its lifecycle events) and ending every stream cleanly.
 */
package io.liverelay.ingest.control;
