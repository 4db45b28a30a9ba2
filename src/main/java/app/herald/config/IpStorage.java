package app.herald.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * How much of a tracking hit's client address Herald keeps (tracking.ip_storage). The address is
 * reduced only when it is stored or logged: the machine-hit rules see the full address in memory,
 * because a proxy's or scanner's network (Apple, Google, Microsoft) is told by its full address.
 */
public enum IpStorage {
    /** The address as received. */
    FULL,
    /** IPv4 to its /24 (the last byte zero), IPv6 to its /48: the network, not the household. */
    TRUNCATED,
    /** No address at all. */
    NONE;

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static IpStorage of(String raw) {
        for (IpStorage s : values()) {
            if (s.settingName().equalsIgnoreCase(raw.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be full, truncated or none");
    }

    /** The address as it may be stored: null for NONE, and for anything that is not an IP literal when truncating. */
    public String reduce(String ip) {
        if (ip == null) {
            return null;
        }
        return switch (this) {
            case FULL -> ip;
            case NONE -> null;
            case TRUNCATED -> truncate(ip);
        };
    }

    private static String truncate(String ip) {
        String literal = ip.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        // only literals: InetAddress.getByName would look a host name up in DNS
        if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'))) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(literal).getAddress();
            int keep = b.length == 4 ? 3 : 6;
            for (int i = keep; i < b.length; i++) {
                b[i] = 0;
            }
            String text = InetAddress.getByAddress(b).getHostAddress();
            return b.length == 4 ? text : compress(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Java writes 2001:db8:1:0:0:0:0:0; the usual short form is 2001:db8:1::. */
    private static String compress(String full) {
        String s = full.replaceFirst("(^|:)0(:0)+(:|$)", "::");
        return s.replace(":::", "::");
    }
}
