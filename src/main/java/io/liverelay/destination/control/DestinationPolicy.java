package io.liverelay.destination.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.config.control.RelayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Accepts only {@code rtmp://} and {@code rtmps://} URLs with a host and a path, checked after parsing and
 * normalising; then, for URLs the browser chose, the {@link AddressRule}: no destination inside the server's
 * own networks unless the operator allowed it. URLs a start hook set are trusted and skip the address rule.
 */
@ApplicationScoped
public class DestinationPolicy {

    private static final Set<String> SCHEMES = Set.of("rtmp", "rtmps");
    private static final int MAX_LENGTH = 2048;

    @Inject
    RelayConfig config;

    /** Null only outside CDI, where a test checks the URL form alone. */
    private AddressRule addresses;

    public DestinationPolicy() {
    }

    public DestinationPolicy(AddressRule addresses) {
        this.addresses = addresses;
    }

    @PostConstruct
    void configure() {
        addresses = new AddressRule(config.allowedDestinationHosts(), InetAddress::getAllByName);
    }

    /** A URL the browser sent: form and address rules. */
    public Destination check(String url) throws RelayException {
        return check(url, false);
    }

    /**
     * {@code trusted}: the server chose the URL (a start hook), so only its form is checked. Either way the host is
     * resolved here, once: the destination carries the address that passed, and ffmpeg connects to that one.
     * Called again before every reconnect, so a name that now points elsewhere is checked again.
     */
    public Destination check(String url, boolean trusted) throws RelayException {
        Destination destination = checkForm(url);
        if (addresses == null) {
            return destination;
        }
        String host = destination.host();
        return destination.at(trusted ? addresses.resolveTrusted(host) : addresses.check(host));
    }

    private Destination checkForm(String url) throws RelayException {
        if (url == null || url.isEmpty()) {
            throw rejected("the RTMP URL is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw rejected("the RTMP URL is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw rejected("the RTMP URL contains white space or control characters");
        }
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw rejected("only rtmp:// and rtmps:// URLs are accepted");
        }
        if (uri.getRawUserInfo() != null) {
            throw rejected("user names and passwords in the URL are not accepted");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw rejected("the RTMP URL has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() < 2) {
            throw rejected("the RTMP URL has no application path, e.g. rtmp://host/live/KEY");
        }
        return new Destination(normalize(uri, scheme), streamKey(uri));
    }

    private static URI parse(String url) throws RelayException {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw rejected("the RTMP URL is not a valid URL");
        }
    }

    /** Lower-cases scheme and host so that later checks compare like with like. */
    private static URI normalize(URI uri, String scheme) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return URI.create(scheme + "://" + host + port + uri.getRawPath() + query);
    }

    /** Everything after the application name: "rtmp://h/live/abc?x=1" has the key "abc?x=1". */
    static String streamKey(URI uri) {
        String path = uri.getRawPath().substring(1);
        int slash = path.indexOf('/');
        String key = slash < 0 ? "" : path.substring(slash + 1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return key + query;
    }

    private static RelayException rejected(String why) {
        return new RelayException(RelayError.RTMP_URL_REJECTED, "RTMP URL rejected: " + why + ".");
    }
}
