/**
 * Builds ffmpeg command lines (immutable lists, never a shell), finds an ffmpeg, and runs one supervised
 * ffmpeg per stream: an ordered bounded pipe into its stdin, its log read continuously, a bounded stop.
 */
package io.liverelay.ffmpeg.control;
