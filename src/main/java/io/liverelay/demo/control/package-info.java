/**
 * Reads the files the demo's local RTMP sink (bin/run) leaves in {@code relay.demo.sinkDir}: its log, where
 * ffmpeg describes the input it receives, and its {@code -progress} report, which counts what arrived.
 */
package io.liverelay.demo.control;
