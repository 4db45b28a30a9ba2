package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainsConfigTest {
    private static HeraldConfig.Domains domains(Map<String, String> values) {
        return HeraldConfig.from(Settings.of(values)).domains();
    }

    @Test
    void defaultsToNoFallbackDomainAndTheSystemResolver() {
        assertThat(domains(Map.of())).isEqualTo(new HeraldConfig.Domains(Optional.empty(), Optional.empty()));
    }

    @Test
    void resolverTakesHostAndOptionalPort() {
        assertThat(domains(Map.of("dns.resolver", "127.0.0.1:5353")).dnsResolver())
                .contains(InetSocketAddress.createUnresolved("127.0.0.1", 5353));
        assertThat(domains(Map.of("dns.resolver", "ns.example.com")).dnsResolver())
                .contains(InetSocketAddress.createUnresolved("ns.example.com", 53));
        assertThat(domains(Map.of("dns.resolver", "[::1]:53")).dnsResolver()).contains(InetSocketAddress.createUnresolved("::1", 53));
    }

    @Test
    void badResolverNamesTheKeyAndTheProblem() {
        assertThatThrownBy(() -> domains(Map.of("dns.resolver", "127.0.0.1:0"))).isInstanceOf(ConfigException.class)
                .hasMessage("invalid setting dns.resolver (HERALD_DNS_RESOLVER) = '127.0.0.1:0': the port must be a number from 1 to 65535");
        assertThatThrownBy(() -> domains(Map.of("dns.resolver", "::1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("write an IPv6 address in brackets");
    }

    @Test
    void fallbackDomainMustBeADomain() {
        assertThat(domains(Map.of("dkim.fallback_domain", "Mail.Example.NET")).dkimFallbackDomain()).contains("mail.example.net");
        assertThatThrownBy(() -> domains(Map.of("dkim.fallback_domain", "not a domain"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid setting dkim.fallback_domain (HERALD_DKIM_FALLBACK_DOMAIN)");
    }

    @Test
    void environmentVariablesSetTheNewKeys() {
        Settings s = Settings.load(Optional.empty(), Map.of("HERALD_DNS_RESOLVER", "127.0.0.53", "HERALD_DKIM_FALLBACK_DOMAIN", "example.com"),
                Map.of(), HeraldConfig.KEYS);
        assertThat(HeraldConfig.from(s).domains().dkimFallbackDomain()).contains("example.com");
        assertThat(HeraldConfig.from(s).domains().dnsResolver()).contains(InetSocketAddress.createUnresolved("127.0.0.53", 53));
    }
}
