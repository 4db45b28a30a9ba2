package app.herald.tracking;

import app.herald.config.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * Networks whose owner is known to fetch tracking URLs, from {@code machine-networks.tsv} (CIDR,
 * owner, kind, source). The most specific matching range wins, so a narrower row can refine a wider
 * one. Addresses are parsed as literals only, never resolved.
 */
final class MachineNetworks {
    static final String FILE = "machine-networks.tsv";

    private record Range(Cidr cidr, Fetcher owner) {
    }

    private final List<Range> ranges;

    private MachineNetworks(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    static MachineNetworks load() {
        return new MachineNetworks(TsvResource.read(FILE, 4).stream().map(row -> {
            try {
                return new Range(Cidr.parse(row.field(0)), new Fetcher(row.field(1), row.field(2)));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
        }).toList());
    }

    /** The owner of the most specific range holding {@code ip}; empty for unknown or unparseable addresses. */
    Optional<Fetcher> find(String ip) {
        byte[] address = Cidr.address(ip);
        if (address == null) {
            return Optional.empty();
        }
        Range best = null;
        for (Range r : ranges) {
            if (r.cidr().contains(address) && (best == null || r.cidr().prefix() > best.cidr().prefix())) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(Range::owner);
    }
}
