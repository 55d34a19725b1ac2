/**
 * What the demo page needs from the server: the local RTMP sink to prefill, and a picture of what that sink
 * received as proof of arrival. Both answer 404 unless {@code relay.demo.*} is configured (bin/run does).
 */
package io.liverelay.demo.boundary;
