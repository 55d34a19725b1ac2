package io.liverelay.destination.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}; a plain address is a range of one. Used for
 * destinations and for the reverse proxies whose client address header is trusted.
 */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern DOTTED_QUAD = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern ADDRESS = Pattern.compile("^[0-9.]+(/\\d+)?$|^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\\d+)?$");

    static boolean looksLikeAddress(String text) {
        return ADDRESS.matcher(text).matches();
    }

    /** The address an IP literal names; empty for anything else (a name, garbage): never a DNS query. */
    public static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !looksLikeAddress(text) || text.contains("/")
                || (text.indexOf(':') < 0 && !DOTTED_QUAD.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An entry of a list option ({@code option}): a wrong one fails the deployment with the option's name. */
    public static Cidr parseOption(String option, String entry) {
        try {
            return parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must list addresses or ranges such as 10.0.0.0/8, not '"
                    + entry + "'", e);
        }
    }

    /** Parses a literal only: never a DNS query. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        if (!looksLikeAddress(literal)) {
            throw new IllegalArgumentException("not an address: " + text);
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return new Cidr(bytes, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address range: " + text, e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}
