package io.liverelay.ingest.control;

import java.time.Duration;

/**
 * One connection of one destination of several: an RTMP server ({@link RtmpEgress}) or the server's own recording
 * ({@link RecordingEgress}). It reports to the lane that it is live and that it ended.
 */
interface Egress {

    /** What an egress reports, on its own threads: implementations queue a task on the stream's lane. */
    interface Listener {
        void connected();

        /**
         * The end: {@code error} null when everything was sent after {@link #finish()}, or the relay ended it with
         * {@link #abort()}; else why it failed.
         */
        void ended(io.liverelay.error.entity.RelayError error, String message);
    }

    /** Everything queued is sent, then the connection ends politely. */
    void finish();

    /** Ends the connection now: queued media is dropped, a blocked send fails at once. */
    void abort();

    /** How long the current send has been waiting; zero when none waits. */
    Duration stalledFor(long nanoTime);

    /** Bytes written so far. Any thread. */
    long bytesSent();
}
