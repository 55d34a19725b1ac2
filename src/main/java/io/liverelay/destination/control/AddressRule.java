package io.liverelay.destination.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses destinations inside the server's own networks, where a browser must not be able to send the
 * server: loopback, private and carrier-grade NAT ranges, link-local (which holds the cloud metadata
 * address 169.254.169.254), unique-local IPv6, multicast and reserved ranges. The host name is resolved
 * first and every address must pass. Hosts the operator lists ({@code relay.destinations.allowedHosts}: names,
 * addresses or CIDR ranges) are let through, e.g. a local nginx-rtmp.
 */
public final class AddressRule {

    /** How names become addresses; tests pass their own so that no DNS query is made. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** IPv4 as every parser reads it alike: four decimal numbers from 0 to 255 without leading zeros. */
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    /** A last label that C's inet_aton, and so ffmpeg, reads as a number (decimal, octal or hex). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("^(0[xX][0-9a-fA-F]*|[0-9]+)$");

    static final String REFUSED = "RTMP URL rejected: this server does not publish to that host (its operator can"
            + " allow it with relay.destinations.allowedHosts).";
    private static final Logger LOG = System.getLogger(AddressRule.class.getName());

    private final List<String> allowedHosts;
    private final List<Cidr> allowedRanges;
    private final Resolver resolver;

    public AddressRule(List<String> allowed, Resolver resolver) {
        this.allowedHosts = allowed.stream().filter(a -> !Cidr.looksLikeAddress(a))
                .map(a -> a.toLowerCase(Locale.ROOT)).toList();
        this.allowedRanges = allowed.stream().filter(Cidr::looksLikeAddress).map(Cidr::parse).toList();
        this.resolver = resolver;
    }

    /**
     * The address ffmpeg is to connect to: the first of the host's, once every one of them passed. {@code name}: the
     * URL's host without the brackets of an IPv6 literal ({@code Destination.host()}).
     */
    public InetAddress check(String name) throws RelayException {
        if (allowedHosts.contains(name.toLowerCase(Locale.ROOT))) {
            return resolve(name)[0]; // a name the operator allowed is not checked, but still pinned
        }
        if (isNonCanonicalIpv4(name)) {
            // Java reads 0177.0.0.1 as 177.0.0.1, glibc (ffmpeg) as 127.0.0.1: never decide on such a form
            throw refused(name, "an IPv4 address in an unusual form (write it as four decimal numbers)");
        }
        InetAddress[] addresses = resolve(name);
        for (InetAddress address : addresses) {
            Optional<String> why = SpecialAddresses.why(address);
            if (why.isPresent() && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
                throw refused(name, "it points to " + why.get());
            }
        }
        return addresses[0];
    }

    /** The host's addresses, for a URL the server itself chose (a start hook): no rule, but one address. */
    public InetAddress resolveTrusted(String name) throws RelayException {
        return resolve(name)[0];
    }

    private InetAddress[] resolve(String name) throws RelayException {
        try {
            InetAddress[] addresses = resolver.resolve(name);
            if (addresses.length > 0) {
                return addresses;
            }
        } catch (UnknownHostException e) {
            // below
        }
        throw refused(name, "it cannot be resolved");
    }

    static boolean isNonCanonicalIpv4(String host) {
        if (host.contains(":")) {
            return false; // IPv6: its embedded IPv4 is parsed the same way everywhere
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_IPV4.matcher(host).matches();
    }

    /**
     * One sentence for every refused host: the browser learns that it is refused, not whether the name exists
     * inside the server's network or what it points to. The log keeps why (a host name is not secret).
     */
    private static RelayException refused(String host, String why) {
        LOG.log(Level.INFO, "Destination host {0} refused: {1}", host, why); // the form check let no control character in
        return new RelayException(RelayError.RTMP_URL_REJECTED, REFUSED);
    }

}
