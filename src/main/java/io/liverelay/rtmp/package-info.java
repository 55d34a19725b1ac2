/**
 * Publishing FLV tags to an RTMP(S) ingest from Java: one ffmpeg per stream makes the FLV once, and each further
 * destination costs a socket and a little CPU here instead of a second ffmpeg.
 */
package io.liverelay.rtmp;
