package io.liverelay.destination.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Names the non-public range an address falls in, if any. */
final class SpecialAddresses {

    private static final List<Named> IPV4 = List.of(
            new Named(Cidr.parse("0.0.0.0/8"), "a reserved address"),
            new Named(Cidr.parse("100.64.0.0/10"), "a carrier-grade NAT address"),
            new Named(Cidr.parse("192.0.0.0/24"), "a reserved address"),
            new Named(Cidr.parse("192.0.2.0/24"), "a documentation address"),
            new Named(Cidr.parse("198.18.0.0/15"), "a benchmarking address"),
            new Named(Cidr.parse("198.51.100.0/24"), "a documentation address"),
            new Named(Cidr.parse("203.0.113.0/24"), "a documentation address"),
            new Named(Cidr.parse("240.0.0.0/4"), "a reserved address"));
    private static final List<Named> IPV6 = List.of(
            new Named(Cidr.parse("fc00::/7"), "a private (unique local) address"),
            new Named(Cidr.parse("2001:db8::/32"), "a documentation address"),
            new Named(Cidr.parse("64:ff9b::/96"), "a NAT64 address"),
            new Named(Cidr.parse("::/128"), "the unspecified address"),
            new Named(Cidr.parse("::/96"), "an IPv4-compatible address (deprecated)"));

    private record Named(Cidr range, String name) {
    }

    private SpecialAddresses() {
    }

    static Optional<String> why(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("this machine (loopback)");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address, such as the cloud metadata service");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private network address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address instanceof Inet4Address && address.getAddress()[0] == (byte) 255) {
            return Optional.of("a broadcast address");
        }
        List<Named> ranges = address instanceof Inet6Address ? IPV6 : IPV4;
        return ranges.stream().filter(n -> n.range().contains(address)).map(Named::name).findFirst();
    }
}
