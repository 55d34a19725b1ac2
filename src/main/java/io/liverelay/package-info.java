/**
 * Live Relay: takes a browser's {@code MediaStream}, recorded by {@code MediaRecorder} and sent over a
 * WebSocket, and publishes it to an RTMP(S) ingest through one supervised ffmpeg per stream.
 * Features: {@code ingest} (the WebSocket data path), {@code ffmpeg} (commands and processes),
 * {@code destination} (which URLs may be published to), {@code config} (settings).
 */
package io.liverelay;
