package io.liverelay.monitoring.control;

import io.liverelay.destination.control.Cidr;
import java.util.List;

/** Which peers may read the metrics without logging in: those in {@code relay.metrics.allowedAddresses}. */
public final class MetricsAccess {

    private final List<Cidr> open;

    /** @throws IllegalArgumentException naming the option when an entry is no address or range */
    public MetricsAccess(List<String> allowedAddresses) {
        this.open = allowedAddresses.stream().map(MetricsAccess::range).toList();
    }

    /** True for a peer in the list; a name or anything else that is no IP literal never is. */
    public boolean open(String peer) {
        return Cidr.literal(peer).map(address -> open.stream().anyMatch(range -> range.contains(address)))
                .orElse(false);
    }

    private static Cidr range(String entry) {
        return Cidr.parseOption("relay.metrics.allowedAddresses", entry);
    }
}
