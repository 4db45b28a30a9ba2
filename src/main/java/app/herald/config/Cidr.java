package app.herald.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare
 * address is a range of one. Addresses are parsed as literals only, never resolved.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code raw} is not an IPv4 or IPv6 address or range */
    public static Cidr parse(String raw) {
        String s = raw.strip();
        int slash = s.indexOf('/');
        byte[] network = address(slash < 0 ? s : s.substring(0, slash));
        int prefix = -1;
        if (network != null) {
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
        }
        if (network == null || prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 range in CIDR notation (like 10.0.0.0/8 or 2001:db8::/32)");
        }
        return new Cidr(network, prefix, s);
    }

    /** The prefix length: a longer one is a more specific range. */
    public int prefix() {
        return prefix;
    }

    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
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

    /** The bytes of an IP literal (IPv4-mapped IPv6 as IPv4, IPv6 optionally in brackets), or null when it is not one. */
    public static byte[] address(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 47) {
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
        if (literal.isEmpty() || !v6 && literal.chars().filter(c -> c == '.').count() != 3) {
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

    @Override
    public String toString() {
        return text;
    }
}
