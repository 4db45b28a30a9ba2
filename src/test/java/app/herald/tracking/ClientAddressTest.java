package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.Cidr;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress proxies = new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:ffff::/48")));

    /** Header name, value, name, value, ...; a name given twice has two header lines. */
    private String resolve(ClientAddress c, String peer, String... headers) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.merge(headers[i], List.of(headers[i + 1]), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return c.resolve(peer, name -> map.getOrDefault(name, List.of()));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(resolve(proxies, "198.51.100.4", "X-Forwarded-For", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(resolve(proxies, "198.51.100.4", "Forwarded", "for=203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(resolve(ClientAddress.DIRECT, "10.0.0.1", "X-Forwarded-For", "203.0.113.9")).isEqualTo("10.0.0.1");
    }

    @Test
    void aTrustedPeerNamesTheClientByTheRightMostUntrustedAddress() {
        // the left entries are whatever the client sent; only the one our proxy appended counts
        assertThat(resolve(proxies, "10.0.0.1", "X-Forwarded-For", "1.2.3.4, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(resolve(proxies, "10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void aChainOfTrustedProxiesIsSkippedOverSeveralHeaderLines() {
        assertThat(resolve(proxies, "10.0.0.1", "X-Forwarded-For", "1.2.3.4, 203.0.113.9", "X-Forwarded-For", "10.1.1.1,10.2.2.2"))
                .isEqualTo("203.0.113.9");
        // all hops ours: the left-most is as near the client as can be told
        assertThat(resolve(proxies, "10.0.0.1", "X-Forwarded-For", "10.3.3.3, 10.2.2.2")).isEqualTo("10.3.3.3");
    }

    @Test
    void ipv6PeersClientsAndRanges() {
        assertThat(resolve(proxies, "2001:db8:ffff::1", "X-Forwarded-For", "2001:db8::7, 2001:db8:ffff::2")).isEqualTo("2001:db8::7");
        assertThat(resolve(proxies, "2001:db8:fffe::1", "X-Forwarded-For", "2001:db8::7")).isEqualTo("2001:db8:fffe::1");
        assertThat(resolve(proxies, "[2001:db8:ffff::1]", "X-Forwarded-For", "[2001:db8::7]")).isEqualTo("2001:db8::7");
    }

    @Test
    void readsRfc7239ForwardedWithQuotedIpv6AndPorts() {
        assertThat(resolve(proxies, "10.0.0.1", "Forwarded", "for=\"[2001:db8::1]:4711\"")).isEqualTo("2001:db8::1");
        assertThat(resolve(proxies, "10.0.0.1", "Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"10.9.9.9:80\""))
                .isEqualTo("192.0.2.60");
        // X-Forwarded-For, which nearly every proxy sets, wins when both are there
        assertThat(resolve(proxies, "10.0.0.1", "Forwarded", "for=192.0.2.60", "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void aMalformedHeaderIsIgnoredAndThePeerUsed() {
        for (String[] h : new String[][] {
                {"X-Forwarded-For", "not an address"}, {"X-Forwarded-For", "203.0.113.9, evil.example.com"},
                {"X-Forwarded-For", ""}, {"X-Forwarded-For", "203.0.113.9,,"}, {"X-Forwarded-For", "999.1.1.1"},
                {"Forwarded", "for=unknown"}, {"Forwarded", "for=_hidden"}, {"Forwarded", "proto=https"},
                {"Forwarded", "for=2001:db8::1"}, {"Forwarded", "for=\"[2001:db8::1]:port\""}, {"Forwarded", "for=\"[2001:db8::1\""}}) {
            assertThat(resolve(proxies, "10.0.0.1", h)).as(Arrays.toString(h)).isEqualTo("10.0.0.1");
        }
    }
}
