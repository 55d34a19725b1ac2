package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.ExitClassifier;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.control.ProcessLauncher;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.media.control.TagSink;
import io.liverelay.media.entity.FlvTag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The server's recording of a stream: an ffmpeg that copies the relay's FLV into fragmented MP4 in
 * {@code relay.recording.dir}. It takes tags as FLV bytes (the header first) through a bounded pipe, so a slow disk
 * skips to the next keyframe like a slow RTMP server. It is live once ffmpeg has written something.
 */
final class RecordingEgress implements Egress, TagSink {

    private final ChunkPipe pipe;
    private final FfmpegProcess process;
    private final Listener listener;
    private volatile long bytes;
    private boolean headerSent; // the fan-out thread's
    private boolean live; // the supervisor's

    private RecordingEgress(ChunkPipe pipe, List<String> command, Listener listener, ProcessLauncher launcher,
            Duration stopGrace, Duration terminateGrace, Executor executor) throws IOException {
        this.pipe = pipe;
        this.listener = listener;
        this.process = FfmpegProcess.start(launcher, command, pipe, new Reports(), UnaryOperator.identity(),
                stopGrace, terminateGrace, executor);
    }

    static RecordingEgress start(List<String> command, long backlogBytes, Listener listener,
            ProcessLauncher launcher, Duration stopGrace, Duration terminateGrace, Executor executor)
            throws IOException {
        return new RecordingEgress(new ChunkPipe(backlogBytes), command, listener, launcher, stopGrace,
                terminateGrace, executor);
    }

    @Override
    public boolean offer(List<FlvTag> tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!headerSent) {
            out.writeBytes(FlvTag.header(true, true));
        }
        for (FlvTag tag : tags) {
            out.writeBytes(tag.bytes());
        }
        boolean taken = pipe.offer(out.toByteArray());
        headerSent |= taken;
        return taken;
    }

    @Override
    public boolean isOpen() {
        return pipe.isOpen();
    }

    @Override
    public void finish() {
        process.stop();
    }

    @Override
    public void abort() {
        process.kill();
    }

    @Override
    public Duration stalledFor(long nanoTime) {
        return Duration.ZERO; // a disk that falls behind fills the pipe; the fan-out skips, nothing blocks
    }

    @Override
    public long bytesSent() {
        return bytes;
    }

    /** ffmpeg's reports, on the supervisor's threads. */
    private final class Reports implements FfmpegProcess.Listener {
        @Override
        public void onLine(String line) {
            // the recording's log is not the broadcaster's business; its end says what went wrong
        }

        @Override
        public void onProgress(Progress progress) {
            bytes = progress.bytesOut();
            if (!live && progress.bytesOut() > 0) {
                live = true;
                listener.connected();
            }
        }

        @Override
        public void onExit(ExitReport report) {
            if (report.exitCode() == 0 || report.requested()) {
                listener.ended(null, null); // done, or at its size or time cap: the stream goes on without it
            } else {
                listener.ended(RelayError.FFMPEG_UNEXPECTED_END, "The recording failed: "
                        + ExitClassifier.classify(report).cause());
            }
        }
    }
}
