/**
 * What the relay knows about an ffmpeg: which binary, the settings a stream's ffmpeg is started with
 * ({@code StreamConfig}, {@code VideoMode}), its progress, how it ended.
 */
package io.liverelay.ffmpeg.entity;
