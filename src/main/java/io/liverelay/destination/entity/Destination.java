package io.liverelay.destination.entity;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

/**
 * An accepted RTMP(S) URL, and the address it was accepted for. ffmpeg connects to exactly that address (a name
 * resolved again by ffmpeg could point elsewhere by then, and the bundled static ffmpeg cannot resolve names at
 * all); the name stays where the protocol needs it: RTMP's tcUrl, TLS's server name and certificate check.
 * {@link #toString()} and {@link #masked()} hide the stream key (the path after the application name, and the
 * query) so that a destination can be logged safely.
 */
public record Destination(URI uri, String streamKey, InetAddress address) {

    /** Not yet resolved: before the address rule ran, or in tests of the URL's form. */
    public Destination(URI uri, String streamKey) {
        this(uri, streamKey, null);
    }

    /** The same destination, to be reached at {@code checked}. */
    public Destination at(InetAddress checked) {
        return new Destination(uri, streamKey, checked);
    }

    /** The URL to hand to ffmpeg, and to nobody else: the checked address in place of the name, when known. */
    public String secret() {
        if (address == null) {
            return uri.toString();
        }
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return uri.getScheme() + "://" + literal + port + uri.getRawPath() + query;
    }

    /** The host as the URL names it (no brackets around IPv6): for TLS and the log. */
    public String host() {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public boolean secure() {
        return "rtmps".equals(uri.getScheme());
    }

    /**
     * What ffmpeg would send as RTMP's tcUrl had it connected by name: {@code scheme://host:port/app}, the
     * application being the path's first part, or its first two when a stream name follows them, as ffmpeg
     * splits it. No stream key is in it.
     */
    public String tcUrl() {
        String path = uri.getRawPath().substring(1);
        int first = path.indexOf('/');
        String app;
        if (first < 0) {
            app = "";
        } else {
            int second = path.indexOf('/', first + 1);
            int colon = path.indexOf(':', first + 1);
            app = second < 0 || colon >= 0 && colon < second ? path.substring(0, first) : path.substring(0, second);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : secure() ? 443 : 1935;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + "/" + app;
    }

    public String masked() {
        String full = uri.toString();
        return streamKey.isEmpty() ? full : full.replace(streamKey, mask(streamKey));
    }

    /** Hides every occurrence of the stream key in a text, e.g. a line of ffmpeg's log. */
    public String redact(String text) {
        if (streamKey.isEmpty() || text == null) {
            return text;
        }
        return text.replace(streamKey, mask(streamKey));
    }

    /** Keeps two characters at each end of long keys so that streams can be told apart. */
    static String mask(String key) {
        return key.length() < 10 ? "…" : key.substring(0, 2) + "…" + key.substring(key.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
