package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.control.ChunkPipe;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ingest.entity.DestinationStatus;
import java.io.IOException;
import java.util.List;

/**
 * Where a {@link RelayStream}'s media goes once started: one ffmpeg publishing to one destination
 * ({@link StreamFfmpeg}), or one ffmpeg converting for several destinations, each published on its own
 * ({@link StreamFanout}). Called on the stream's lane, except the readers marked as safe from any thread.
 */
interface StreamOutput {

    /** Starts the ffmpeg that reads the browser's media (and, for several destinations, theirs). */
    void launch(long extraBytes) throws IOException;

    /** The ffmpeg reading the browser's media; null before the launch. Any thread may ask. */
    FfmpegProcess process();

    /** That ffmpeg's input; null before the launch. Any thread may ask. */
    ChunkPipe pipe();

    /** Media on its way to the running ffmpeg. */
    void observe(byte[] chunk);

    /** Media that arrived while no ffmpeg runs (a reconnect of the only destination). */
    void hold(byte[] chunk);

    /** The stream ends while no ffmpeg runs: what was held is lost. */
    void abandon();

    /** Media received that no ffmpeg got. Any thread may ask. */
    long droppedBytes();

    /** Whether the stream itself waits and tries again after this ending of its ffmpeg. */
    boolean shouldRetry(RelayError error);

    /** Starts waiting for a new ffmpeg; false when none can be scheduled. */
    boolean reconnect(String cause);

    /** What to tell the browser when its ffmpeg ended for good with this error. */
    String failure(RelayError error);

    /** Its ffmpeg ended unasked with this error and nothing will try again; the stream ends next. */
    void failedForGood(RelayError error, String message);

    /** The stream has ended (after any {@link #failedForGood}): whatever destination is still open ends with it. */
    void streamEnded();

    /** A fatal error: every process of the stream is killed; the exit follows as usual. */
    void kill();

    /** Each destination's state and numbers. Any thread may ask. */
    List<DestinationStatus> destinations();
}
