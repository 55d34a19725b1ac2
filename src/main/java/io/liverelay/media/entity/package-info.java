/** The media units the relay passes on without decoding them: FLV tags between ffmpeg and the destinations. */
package io.liverelay.media.entity;
