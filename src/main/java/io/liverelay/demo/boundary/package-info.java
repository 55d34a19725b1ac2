/**
 * What the demo page needs from the server: the local RTMP sink to prefill, and the proof of arrival (what
 * that sink receives, as its own ffmpeg describes it, and its latest picture). All answer 404 unless
 * {@code relay.demo.*} is configured (bin/run does); docs/demo.md describes them.
 */
package io.liverelay.demo.boundary;
