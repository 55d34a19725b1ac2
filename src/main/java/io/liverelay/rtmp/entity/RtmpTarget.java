package io.liverelay.rtmp.entity;

import io.liverelay.destination.entity.Destination;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Where and as what to publish. {@code address} is the one the destination policy checked: the publisher connects
 * to exactly it and resolves no name. {@code host} is the URL's host name, for TLS (SNI and the certificate's name)
 * and the tcUrl. {@code streamName} is the stream key with its query: a secret, which {@link #toString()} masks.
 */
public record RtmpTarget(InetAddress address, int port, boolean secure, String host, String app, String streamName,
        String tcUrl) {

    public RtmpTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(tcUrl, "tcUrl");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (streamName.isEmpty()) {
            throw new IllegalArgumentException("no stream name (the key after the application) in " + tcUrl);
        }
    }

    /**
     * The target of a destination that passed the policy (it carries the checked address). The path splits as
     * ffmpeg splits it, and as {@link Destination#tcUrl()} does: the application is the first segment, or the
     * first two when a stream name follows them (unless a ':' in the second marks it as a play path).
     */
    public static RtmpTarget of(Destination destination) {
        if (destination.address() == null) {
            throw new IllegalArgumentException("the destination has no checked address yet: " + destination);
        }
        String path = destination.uri().getRawPath().substring(1);
        int first = path.indexOf('/');
        String app;
        String name;
        if (first < 0) {
            app = "";
            name = path;
        } else {
            int second = path.indexOf('/', first + 1);
            int colon = path.indexOf(':', first + 1);
            int end = second < 0 || colon >= 0 && colon < second ? first : second;
            app = path.substring(0, end);
            name = path.substring(end + 1);
        }
        String query = destination.uri().getRawQuery();
        if (query != null) {
            name = name + "?" + query;
        }
        int port = destination.uri().getPort() >= 0 ? destination.uri().getPort() : destination.secure() ? 443 : 1935;
        return new RtmpTarget(destination.address(), port, destination.secure(), destination.host(), app, name,
                destination.tcUrl());
    }

    /** A text with every occurrence of the stream name (or of its key without the query) hidden. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text.replace(streamName, mask(streamName));
        int query = streamName.indexOf('?');
        return query > 0 ? redacted.replace(streamName.substring(0, query), mask(streamName)) : redacted;
    }

    /** Two characters at each end of long names, so that streams can still be told apart in a log. */
    static String mask(String name) {
        return name.length() < 10 ? "…" : name.substring(0, 2) + "…" + name.substring(name.length() - 2);
    }

    @Override
    public String toString() {
        return "RtmpTarget[" + tcUrl + "/" + mask(streamName) + " at " + address.getHostAddress() + ":" + port
                + (secure ? " over TLS" : "") + "]";
    }
}
