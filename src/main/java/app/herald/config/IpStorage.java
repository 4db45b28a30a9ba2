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
        String quad = truncateCanonicalIpv4(literal);
        if (quad != null) {
            return quad;
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

    /**
     * {@code a.b.c.d} written canonically (each part 0-255, no leading zeros) as {@code a.b.c.0}, what
     * the InetAddress round trip below gives for it, without its parsing and allocations (the hit
     * writer reduces every hit's address); null for any other form, which takes that path.
     */
    private static String truncateCanonicalIpv4(String s) {
        int dots = 0;
        int value = 0;
        int digits = 0;
        int thirdDot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++dots > 3) {
                    return null;
                }
                thirdDot = i;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: InetAddress decides what that means
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return dots == 3 && digits > 0 ? s.substring(0, thirdDot) + ".0" : null;
    }

    /** Java writes 2001:db8:1:0:0:0:0:0; the usual short form is 2001:db8:1::. */
    private static String compress(String full) {
        String s = full.replaceFirst("(^|:)0(:0)+(:|$)", "::");
        return s.replace(":::", "::");
    }
}
