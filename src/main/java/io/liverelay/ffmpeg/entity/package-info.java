/** What the relay knows about an ffmpeg: which binary, its progress, how it ended. */
package io.liverelay.ffmpeg.entity;
