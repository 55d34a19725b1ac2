package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;

/**
 * What one stream counts against the server's limits: a stream slot ({@code relay.maxFfmpegInstances}, and
 * {@code relay.cluster.maxFfmpegInstances} across nodes) before
 * anything starts, and a transcode slot ({@code relay.maxTranscodes}) once its settings say it re-encodes.
 * Given back together, once. Guarded by the stream's monitor.
 */
final class StreamLimits {

    private final StreamSlots slots;
    private boolean stream;
    private boolean transcode;

    StreamLimits(StreamSlots slots) {
        this.slots = slots;
    }

    void takeStream() throws RelayException {
        if (!slots.tryAcquire()) {
            throw new RelayException(RelayError.TOO_MANY_STREAMS, "The server is at its limit of "
                    + slots.max() + " streams: try again later.");
        }
        if (!slots.tryAcquireInCluster()) {
            slots.release();
            throw new RelayException(RelayError.TOO_MANY_STREAMS, "The relay's servers are at their shared limit of "
                    + slots.maxInCluster() + " streams: try again later.");
        }
        stream = true;
    }

    void takeTranscode() throws RelayException {
        if (!slots.tryAcquireTranscode()) {
            throw new RelayException(RelayError.TOO_MANY_STREAMS, "The server is at its limit of "
                    + slots.maxTranscodes() + " streams it must re-encode: record H.264 (the client prefers it"
                    + " where the browser can) or try again later.");
        }
        transcode = true;
    }

    void releaseAll() {
        if (transcode) {
            transcode = false;
            slots.releaseTranscode();
        }
        if (stream) {
            stream = false;
            slots.releaseInCluster();
            slots.release();
        }
    }
}
