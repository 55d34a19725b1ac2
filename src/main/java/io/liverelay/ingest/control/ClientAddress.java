package io.liverelay.ingest.control;

import io.liverelay.destination.control.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address a connection is counted and logged under. It is the socket's peer, unless the peer is one of
 * {@code relay.ws.trustedProxies}: then the client address header that proxy sent is read from the right (the
 * entry the nearest proxy appended) past every trusted proxy, and the first other address is the client. A
 * peer that is not a trusted proxy cannot choose its address with a header, and entries a client wrote
 * itself, to the left of what its proxy appended, are never reached.
 */
public final class ClientAddress {

    /** Reading a header stops after this many entries: a longer chain is no proxy's doing. */
    private static final int MAX_HOPS = 20;

    private final List<Cidr> trustedProxies;

    /** @throws IllegalArgumentException naming {@code relay.ws.trustedProxies} when an entry is no address range */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::range).toList();
    }

    public boolean trustsProxies() {
        return !trustedProxies.isEmpty();
    }

    /** {@code forwardedFor}: the client address header's value, or null when the request had none. */
    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String client = peer;
        String[] hops = forwardedFor.split(",", -1);
        for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
            Optional<InetAddress> hop = Cidr.literal(withoutPort(hops[i].trim()));
            if (hop.isEmpty()) {
                return client; // garbage: trust nothing further left
            }
            client = hop.get().getHostAddress();
            if (!trusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    /**
     * What a per-address limit counts: an IPv4 address, or the /64 prefix of an IPv6 one (one subscriber, one
     * home, one phone gets a whole /64); null for an address that is no IP literal ("unknown").
     */
    static String limitKey(String address) {
        Optional<InetAddress> literal = Cidr.literal(address);
        if (literal.isEmpty()) {
            return null;
        }
        if (literal.get() instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
            }
            return key.append(":/64").toString();
        }
        return literal.get().getHostAddress();
    }

    private boolean trusted(String address) {
        return Cidr.literal(address).map(this::trusted).orElse(false);
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    /** {@code [2001:db8::1]:4711} and {@code 192.0.2.1:4711}, as some proxies write them, without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static Cidr range(String entry) {
        return Cidr.parseOption("relay.ws.trustedProxies", entry);
    }
}
