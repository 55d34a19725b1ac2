package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamContext;
import io.liverelay.ingest.entity.StreamState;
import java.time.Instant;
import java.util.List;

/**
 * What a stream's lane publishes after each change, for readers on other threads (the admin API,
 * {@code Connections}, undeploy): an immutable value; {@code resumeDeadline} is set while the stream waits for its
 * browser to resume it, read without waiting for the lane. Counters that change with
 * every chunk or progress report (bytes, frames) are read live from the objects that keep them.
 */
record StreamView(StreamState state, StreamConfig config, Instant startedAt, StreamOutput ffmpeg,
        Instant resumeDeadline) {

    static final StreamView CREATED = new StreamView(StreamState.CREATED, null, null, null, null);

    /** The seed's ConnectionStatus; no ffmpeg part before a start was accepted. Holds no stream key. */
    ConnectionStatus status(String id, StreamContext context, StreamProgress progress) {
        ConnectionStatus.Ffmpeg ffmpegStatus = null;
        if (config != null) {
            Progress p = progress.total();
            Instant lastFrame = progress.lastFrameAt();
            FfmpegProcess process = ffmpeg.process();
            ChunkPipe pipe = ffmpeg.pipe();
            ffmpegStatus = new ConnectionStatus.Ffmpeg(state, config.videoMode().wireName(), config.mimeType(),
                    p.frames(), lastFrame == null ? null : lastFrame.toEpochMilli(), p.fps(), p.bitrateKbps(),
                    process != null && process.isAlive() ? process.pid() : null, startedAt,
                    pipe == null ? 0 : pipe.acceptedBytes(), ffmpeg.droppedBytes(),
                    new ConnectionStatus.Options(config.destination().masked(), config.framerate(),
                            config.audioSampleRate(), config.audioBitsPerSecond(), config.videoBitsPerSecond()));
        }
        return new ConnectionStatus(id, context.remoteAddress(), context.openedAt(), ffmpegStatus,
                ffmpeg == null ? List.of() : ffmpeg.destinations(), resumeDeadline);
    }
}
