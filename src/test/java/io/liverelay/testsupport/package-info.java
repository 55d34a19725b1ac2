/**
 * Test support for the relay, all local to 127.0.0.1: browser-like media fixtures made by ffmpeg, a real
 * RTMP sink, ffprobe checks, a client speaking the wire protocol and a census of the relay's ffmpeg processes.
 * Every process started here is stopped by {@code close()} and, as a last resort, when the JVM exits.
 */
package io.liverelay.testsupport;
