package app.herald.tracking;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Networks whose owner is known to fetch tracking URLs, from {@code machine-networks.tsv} (CIDR,
 * owner, kind, source). The most specific matching range wins, so a narrower row can refine a wider
 * one. Addresses are parsed as literals only, never resolved.
 */
final class MachineNetworks {
    static final String FILE = "machine-networks.tsv";

    private record Range(byte[] network, int prefix, Fetcher owner) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private MachineNetworks(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    static MachineNetworks load() {
        return new MachineNetworks(TsvResource.read(FILE, 4).stream().map(row -> {
            String cidr = row.field(0);
            int slash = cidr.indexOf('/');
            byte[] network = slash < 0 ? null : address(cidr.substring(0, slash));
            int prefix;
            try {
                prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (network == null || prefix < 0 || prefix > network.length * 8) {
                throw row.error("'" + cidr + "' is not an IPv4 or IPv6 range in CIDR notation (like 17.0.0.0/8)");
            }
            try {
                return new Range(network, prefix, new Fetcher(row.field(1), row.field(2)));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
        }).toList());
    }

    /** The owner of the most specific range holding {@code ip}; empty for unknown or unparseable addresses. */
    Optional<Fetcher> find(String ip) {
        byte[] address = address(ip);
        if (address == null) {
            return Optional.empty();
        }
        Range best = null;
        for (Range r : ranges) {
            if (r.contains(address) && (best == null || r.prefix() > best.prefix())) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(Range::owner);
    }

    /** The bytes of an IP literal (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
    static byte[] address(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) {
            return null;
        }
        String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        boolean v6 = literal.indexOf(':') >= 0;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || v6 && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return null; // never hand a host name to InetAddress: it would resolve it
            }
        }
        if (!v6 && literal.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(literal);
            byte[] bytes = a.getAddress();
            return a instanceof Inet6Address ? bytes : Arrays.copyOf(bytes, 4);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
