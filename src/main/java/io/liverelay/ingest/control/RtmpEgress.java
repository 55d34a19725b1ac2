package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.media.control.TagPipe;
import io.liverelay.media.entity.FlvTag;
import io.liverelay.rtmp.control.RtmpPublisher;
import io.liverelay.rtmp.entity.RtmpException;
import io.liverelay.rtmp.entity.RtmpTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection of one destination: a task on a managed thread that connects, then sends what its {@link TagPipe}
 * gathers until the pipe ends, counting time from the connection's first tag (a destination that connected again
 * starts its stream at zero). A send that a server does not take blocks; {@link #stalledFor} lets the lane see that
 * and {@link #abort()} ends it.
 */
final class RtmpEgress implements Runnable, Egress {

    private final RtmpTarget target;
    private final SSLSocketFactory tls;
    private final Duration timeout;
    private final Executor executor;
    private final TagPipe pipe;
    private final Listener listener;
    private volatile RtmpPublisher publisher;
    private volatile long sendingSince; // System.nanoTime() when the current send began; 0 between sends
    private volatile boolean aborted;

    RtmpEgress(RtmpTarget target, SSLSocketFactory tls, Duration timeout, Executor executor, TagPipe pipe,
            Listener listener) {
        this.target = target;
        this.tls = tls;
        this.timeout = timeout;
        this.executor = executor;
        this.pipe = pipe;
        this.listener = listener;
    }

    @Override
    public void run() {
        RtmpPublisher session;
        try {
            session = RtmpPublisher.connect(target, tls, timeout, executor);
        } catch (RtmpException e) {
            pipe.abort();
            end(e.error(), e.getMessage());
            return;
        }
        publisher = session;
        if (aborted) {
            session.abort();
        }
        listener.connected();
        List<FlvTag> batch = new ArrayList<>();
        int base = -1;
        try {
            while (pipe.takeAll(batch)) {
                if (base < 0) {
                    base = batch.get(0).timestamp();
                }
                List<FlvTag> rebased = new ArrayList<>(batch.size());
                for (FlvTag tag : batch) {
                    rebased.add(tag.at(Math.max(0, tag.timestamp() - base)));
                }
                sendingSince = System.nanoTime();
                session.send(rebased);
                sendingSince = 0;
                batch.clear();
            }
            if (aborted) {
                session.abort();
            } else {
                session.close();
            }
            listener.ended(null, null);
        } catch (IOException e) {
            pipe.abort();
            session.abort();
            end(RelayError.RTMP_CONNECTION_FAILED, target.redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.abort();
            session.abort();
            end(RelayError.RTMP_CONNECTION_FAILED, "The relay is stopping.");
        }
    }

    /** A failure, unless the relay itself ended the connection: then it is the end it asked for. */
    private void end(RelayError error, String message) {
        if (aborted) {
            listener.ended(null, null);
        } else {
            listener.ended(error, message);
        }
    }

    /** Everything queued is sent, then the publish ends politely. */
    @Override
    public void finish() {
        pipe.finish();
    }

    /** Ends the connection now: queued media is dropped, a blocked send fails at once. */
    @Override
    public void abort() {
        aborted = true;
        pipe.abort();
        RtmpPublisher session = publisher;
        if (session != null) {
            session.abort();
        }
    }

    /** How long the current send has been waiting for the server; zero when none waits. */
    @Override
    public Duration stalledFor(long nanoTime) {
        long since = sendingSince;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(nanoTime - since);
    }

    /** Bytes written to the server so far. Any thread. */
    @Override
    public long bytesSent() {
        RtmpPublisher session = publisher;
        return session == null ? 0 : session.bytesSent();
    }
}
