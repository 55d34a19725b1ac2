package io.liverelay.rtmp.control;

import io.liverelay.media.entity.FlvTag;
import io.liverelay.rtmp.control.Opening.Stage;
import io.liverelay.rtmp.entity.RtmpException;
import io.liverelay.rtmp.entity.RtmpTarget;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Publishes FLV tags to one RTMP(S) server: {@link #connect} opens the session up to
 * {@code NetStream.Publish.Start}, {@link #send} writes one tag per call from the caller's thread, and one task on
 * the given executor reads the server's messages meanwhile (acknowledgements, pings, the server ending the publish).
 * <p>
 * Writes have no timeout of their own: a server that stops reading blocks {@code send}, and the caller, who knows how
 * late is too late, calls {@link #abort()} from another thread, which unblocks it at once.
 */
public final class RtmpPublisher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(RtmpPublisher.class.getName());
    /** How long {@link #close()} may spend saying goodbye to a server that may no longer read. */
    private static final Duration GOODBYE = Duration.ofSeconds(1);
    /** About 1.5 s of a 2.5 Mb/s stream, and more than the bandwidth-delay product of a 6 Mb/s, 300 ms path. */
    private static final int SEND_BUFFER = 512 * 1024;
    private static final int AUDIO_STREAM = 4;
    private static final int DATA_STREAM = 5;
    private static final int VIDEO_STREAM = 6;
    private static final int FC_UNPUBLISH = 6;
    private static final int DELETE_STREAM = 7;
    private static final byte[] ON_META_DATA = Amf0.encode("onMetaData");
    private static final byte[] SET_DATA_FRAME = Amf0.encode("@setDataFrame");

    private final Connection connection;
    private final int streamId;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    /** Why we end the session, once we do: the reading task reports it instead of the socket error it gets. */
    private final AtomicReference<String> ending = new AtomicReference<>();

    private RtmpPublisher(Connection connection, int streamId) {
        this.connection = connection;
        this.streamId = streamId;
    }

    /**
     * Connects to exactly {@code target.address()} (no name is resolved), over TLS when the target is secure
     * ({@code tls} must then be given; SNI and the certificate's name are checked against {@code target.host()}),
     * and publishes, all within {@code timeout}. {@code executor} runs the task that reads the server's messages
     * until the session ends.
     */
    public static RtmpPublisher connect(RtmpTarget target, SSLSocketFactory tls, Duration timeout, Executor executor)
            throws RtmpException {
        Objects.requireNonNull(executor, "executor");
        if (target.secure() && tls == null) {
            throw new IllegalArgumentException("an rtmps:// target needs a TLS socket factory");
        }
        Deadline deadline = Deadline.after(timeout);
        Socket raw = new Socket();
        Stage stage = Stage.TCP;
        Opening opening = null;
        boolean published = false;
        try {
            raw.setTcpNoDelay(true); // one flush per message already; don't hold small audio messages back
            // the kernel would otherwise queue megabytes for a server that stopped reading: the relay's bounded
            // backlog (and its skip to the next keyframe) must be where a slow server's media waits
            raw.setSendBufferSize(SEND_BUFFER);
            raw.connect(new InetSocketAddress(target.address(), target.port()), deadline.remainingMillis());
            Socket socket = raw;
            if (target.secure()) {
                stage = Stage.TLS;
                socket = secure(raw, target, tls, deadline);
            }
            Connection connection = Connection.over(target, raw, socket);
            opening = new Opening(connection, deadline);
            int streamId = opening.publish();
            socket.setSoTimeout(0); // from now on the server may stay silent for as long as it likes
            var publisher = new RtmpPublisher(connection, streamId);
            executor.execute(new SessionWatch(connection, publisher.closed, publisher.ending::get));
            published = true;
            LOG.log(Level.INFO, "Publishing to {0}", target);
            return publisher;
        } catch (IOException e) {
            RtmpException failure = Failures.of(e, opening == null ? stage : opening.stage(), target, deadline);
            LOG.log(Level.DEBUG, "Publishing to {0} failed: {1}", target, failure.getMessage());
            throw failure;
        } finally {
            if (!published) {
                closeQuietly(raw);
            }
        }
    }

    private static Socket secure(Socket raw, RtmpTarget target, SSLSocketFactory tls, Deadline deadline)
            throws IOException {
        var socket = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name target.host()
        if (!isAddressLiteral(target.host())) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(deadline.remainingMillis());
        socket.startHandshake();
        return socket;
    }

    /** SNI carries names only; an address in the URL is checked against the certificate's IP entries instead. */
    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /**
     * Writes one tag as an RTMP message on the stream: audio, video, or script data (sent as {@code @setDataFrame}
     * when it is {@code onMetaData}, which servers keep for players joining later). The timestamp is sent as given.
     * Blocks while the server does not read; one caller thread at a time.
     */
    public void send(FlvTag tag) throws IOException {
        write(tag, true);
    }

    /** Writes several tags in order and flushes once, after the last. Blocks while the server does not read. */
    public void send(List<FlvTag> tags) throws IOException {
        for (int i = 0; i < tags.size(); i++) {
            write(tags.get(i), i == tags.size() - 1);
        }
    }

    private void write(FlvTag tag, boolean flush) throws IOException {
        int chunkStream;
        byte[] data = tag.data();
        switch (tag.type()) {
            case FlvTag.AUDIO -> chunkStream = AUDIO_STREAM;
            case FlvTag.VIDEO -> chunkStream = VIDEO_STREAM;
            case FlvTag.SCRIPT -> {
                chunkStream = DATA_STREAM;
                data = startsWith(data, ON_META_DATA) ? concat(SET_DATA_FRAME, data) : data;
            }
            default -> throw new IllegalArgumentException("FLV tag type " + tag.type());
        }
        String reason = reason();
        if (reason != null) {
            throw new IOException("the RTMP session has ended: " + reason);
        }
        try {
            connection.outbound().message(chunkStream, tag.type(), streamId, tag.timestamp(), data, flush);
        } catch (IOException e) {
            reason = reason();
            throw reason == null ? e : new IOException("the RTMP session has ended: " + reason, e);
        }
    }

    /** Bytes written so far, chunk headers and commands included (before TLS). Any thread. */
    public long bytesSent() {
        return connection.outbound().bytes();
    }

    /** Completes, with the reason in words, once the session has ended: by the server, the network, or us. */
    public CompletableFuture<String> closed() {
        return closed.copy();
    }

    /**
     * Ends the publish politely (FCUnpublish, deleteStream) if the server still reads, then closes. Takes at most
     * about a second, even when a {@code send} is stuck; waits for the reading task to end.
     */
    @Override
    public void close() {
        if (!ending.compareAndSet(null, "closed by the relay")) {
            return;
        }
        CompletableFuture.delayedExecutor(GOODBYE.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
                .execute(connection::abort); // closing a socket never blocks, so the JDK's timer thread may do it
        try {
            Outbound out = connection.outbound();
            String name = connection.target().streamName();
            out.message(Opening.COMMANDS, Message.COMMAND, 0, 0, Command.call("FCUnpublish", FC_UNPUBLISH, name));
            out.message(Opening.COMMANDS, Message.COMMAND, 0, 0, Command.call("deleteStream", DELETE_STREAM, streamId));
            connection.socket().close(); // over TLS this sends close_notify, after the goodbye
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "No goodbye to {0}: {1}", connection.target(), e.getMessage());
        }
        connection.abort();
        try {
            closed.get(GOODBYE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the reading task ends on the closed socket; not waiting longer for it
        }
    }

    /** Closes the connection at once, from any thread: a blocked {@code send} fails right away. */
    public void abort() {
        ending.compareAndSet(null, "aborted by the relay");
        connection.abort();
    }

    private String reason() {
        String ours = ending.get();
        return ours != null ? ours : closed.getNow(null);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
