/**
 * The RTMP client side, as far as publishing needs it: handshake, chunk streams both ways, the AMF0 that commands
 * are written in, and {@link io.liverelay.rtmp.control.RtmpPublisher}, which strings them together.
 */
package io.liverelay.rtmp.control;
