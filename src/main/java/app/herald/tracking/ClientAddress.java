package app.herald.tracking;

import app.herald.config.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The address of the client behind a request. Only when the socket peer is a trusted proxy
 * (config {@code trusted_proxies}) are {@code X-Forwarded-For} or, without it, RFC 7239
 * {@code Forwarded: for=} read: the hops are walked from the right, trusted ones skipped, and the
 * first untrusted one is the client. A header anyone else sends is ignored, and so is a malformed
 * one: the peer is used then, never a value a client might have made up.
 */
public final class ClientAddress {
    /** Trusts no proxy: the socket peer is the client. */
    public static final ClientAddress DIRECT = new ClientAddress(List.of());

    private final List<Cidr> trusted;

    public ClientAddress(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * The client's IP.
     *
     * @param peer    the socket peer's address
     * @param headers all values of a request header by name (asked only when the peer is trusted)
     */
    public String resolve(String peer, Function<String, List<String>> headers) {
        if (trusted.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(headers.apply("X-Forwarded-For"));
        if (hops == null) {
            return peer;
        }
        if (hops.isEmpty()) {
            hops = forwarded(headers.apply("Forwarded"));
            if (hops == null || hops.isEmpty()) {
                return peer;
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusts(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.getFirst(); // every hop is a proxy of ours: the first is as close to the client as we get
    }

    private boolean trusts(String ip) {
        byte[] address = Cidr.address(ip);
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The addresses of X-Forwarded-For, left to right; empty when absent, null when any entry is not an IP. */
    static List<String> forwardedFor(List<String> values) {
        List<String> hops = new ArrayList<>();
        if (values == null) {
            return hops;
        }
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String ip = bare(part.strip());
                if (ip == null) {
                    return null;
                }
                hops.add(ip);
            }
        }
        return hops;
    }

    /** The {@code for=} addresses of RFC 7239 Forwarded, left to right; empty when absent, null when any element has none or a malformed one. */
    static List<String> forwarded(List<String> values) {
        List<String> hops = new ArrayList<>();
        if (values == null) {
            return hops;
        }
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String node = null;
                for (String pair : element.split(";", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                        node = pair.substring(eq + 1).strip();
                    }
                }
                String ip = node == null ? null : node(node);
                if (ip == null) {
                    return null;
                }
                hops.add(ip);
            }
        }
        return hops;
    }

    /** An RFC 7239 node: {@code 192.0.2.1}, {@code "192.0.2.1:4711"}, {@code "[2001:db8::1]"}, {@code "[2001:db8::1]:4711"}. */
    private static String node(String raw) {
        String s = raw;
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 < s.length() && !port(s.substring(close + 1))) {
                return null;
            }
            return bare(s.substring(0, close + 1));
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            if (s.indexOf(':', colon + 1) >= 0) {
                return null; // IPv6 must be in brackets here
            }
            if (!port(s.substring(colon))) {
                return null;
            }
            s = s.substring(0, colon);
        }
        return bare(s);
    }

    private static boolean port(String colonPort) {
        return colonPort.matches(":[0-9]{1,5}");
    }

    /** The IP literal without brackets, or null when it is not one. */
    private static String bare(String s) {
        if (Cidr.address(s) == null) {
            return null;
        }
        return s.startsWith("[") ? s.substring(1, s.length() - 1) : s;
    }
}
