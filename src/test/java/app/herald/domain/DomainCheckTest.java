package app.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.store.TestDatabase;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DomainCheckTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    static final String DOMAIN = "news.example.com";
    static final HeraldConfig CONFIG = HeraldConfig.from(Settings.of(Map.of(
            "public_url", "https://herald.example.net", "smtp.host", "relay.example.net")));
    static final CheckRequest FULL = new CheckRequest(DOMAIN, Optional.of("t.news.example.com"),
            Optional.of("bounces.news.example.com"), Optional.empty(), List.of(), Optional.empty());

    private SendingDomains domains;
    private List<DkimKey> keys;

    @BeforeEach
    void keys() {
        domains = new SendingDomains(DB.jdbi());
        keys = domains.addKeys(DOMAIN, "h1", Set.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256));
    }

    private DomainReport check(LocalDns dns, CheckRequest request) {
        return new DomainCheck(domains, CONFIG, Optional.of(dns.address())).check(request);
    }

    private static RecordCheck record(DomainReport r, String purpose, String name) {
        return r.records().stream().filter(c -> c.purpose().equals(purpose) && c.name().equals(name)).findFirst().orElseThrow();
    }

    static LocalDns published(List<DkimKey> keys) {
        LocalDns dns = new LocalDns()
                .txt(DOMAIN, "v=spf1 a:relay.example.net -all")
                .txt("_dmarc." + DOMAIN, "v=DMARC1; p=none; rua=mailto:dmarc-reports@news.example.com")
                .cname("t.news.example.com", "herald.example.net")
                .a("herald.example.net", "127.0.0.1")
                .mx("bounces.news.example.com", "herald.example.net", 10)
                .txt("bounces.news.example.com", "v=spf1 a:relay.example.net ~all");
        keys.forEach(k -> dns.txt(k.dnsName(), k.dnsRecord()));
        return dns;
    }

    @Test
    void everyRecordPublishedAsExpectedIsOk() {
        try (LocalDns dns = published(keys).start()) {
            DomainReport r = check(dns, FULL);

            assertThat(r.records()).extracting(c -> c.purpose() + " " + c.type() + " " + c.name() + " " + c.status()).containsExactly(
                    "SPF TXT news.example.com OK",
                    "DKIM TXT h1-rsa._domainkey.news.example.com OK",
                    "DKIM TXT h1-ed25519._domainkey.news.example.com OK",
                    "DMARC TXT _dmarc.news.example.com OK",
                    "tracking CNAME t.news.example.com OK",
                    "bounces MX bounces.news.example.com OK",
                    "SPF TXT bounces.news.example.com OK");
            assertThat(r.ok()).isTrue();
            assertThat(r.resolver()).isEqualTo(dns.hostPort());
            // the RSA record is longer than one TXT string: dnsmasq splits it, the check joins it again
            assertThat(keys.getFirst().dnsRecord()).hasSizeGreaterThan(255);
            assertThat(record(r, "DKIM", "h1-rsa._domainkey.news.example.com").published()).containsExactly(keys.getFirst().dnsRecord());
            assertThat(record(r, "SPF", DOMAIN).expected()).isEqualTo("v=spf1 a:relay.example.net -all");
            assertThat(record(r, "DMARC", "_dmarc." + DOMAIN).note()).contains("move to p=quarantine, then p=reject");
            assertThat(record(r, "SPF", "bounces.news.example.com").note()).contains("~all");
        }
    }

    @Test
    void nothingPublishedIsMissingEverywhere() {
        try (LocalDns dns = new LocalDns().start()) {
            DomainReport r = check(dns, FULL);

            assertThat(r.records()).allMatch(c -> c.status() == RecordStatus.MISSING);
            assertThat(r.records()).hasSize(7);
            assertThat(r.ok()).isFalse();
        }
    }

    @Test
    void otherRecordsAreDifferentAndShowWhatIsPublished() {
        DkimKey old = DkimKeys.generated(DOMAIN, "h1-rsa", DkimAlgorithm.RSA_SHA256, KeyStatus.ACTIVE);
        try (LocalDns dns = new LocalDns()
                .txt(DOMAIN, "v=spf1 include:_spf.example.org ?all")
                .txt(DOMAIN, "google-site-verification=abc")
                .txt("h1-rsa._domainkey." + DOMAIN, old.dnsRecord())
                .txt("h1-ed25519._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=" + keys.get(1).publicKeyBase64())
                .txt("_dmarc." + DOMAIN, "v=DMARC1; p=maybe")
                .cname("t.news.example.com", "tracker.example.org")
                .mx("bounces.news.example.com", "mx.example.org", 10)
                .start()) {
            DomainReport r = check(dns, FULL);

            RecordCheck spf = record(r, "SPF", DOMAIN);
            assertThat(spf.status()).isEqualTo(RecordStatus.DIFFERENT);
            assertThat(spf.published()).containsExactly("v=spf1 include:_spf.example.org ?all");
            assertThat(spf.note()).contains("does not list a:relay.example.net");
            assertThat(record(r, "DKIM", "h1-rsa._domainkey." + DOMAIN).note()).contains("another public key");
            assertThat(record(r, "DKIM", "h1-ed25519._domainkey." + DOMAIN).note()).contains("k=rsa but the key is ed25519");
            assertThat(record(r, "DMARC", "_dmarc." + DOMAIN).note()).contains("not 'maybe'");
            assertThat(record(r, "tracking", "t.news.example.com").published()).containsExactly("CNAME tracker.example.org");
            assertThat(record(r, "bounces", "bounces.news.example.com").published()).containsExactly("10 mx.example.org");
            assertThat(r.records()).filteredOn(c -> !c.name().equals("bounces.news.example.com") || c.type().equals("MX"))
                    .allMatch(c -> c.status() == RecordStatus.DIFFERENT);
        }
    }

    @Test
    void spfThatListsTheRelayButAllowsEveryoneIsDifferent() {
        try (LocalDns dns = published(keys).txt("other.example.com", "v=spf1 a:relay.example.net +all").start()) {
            DomainReport r = check(dns, CheckRequest.of("other.example.com"));

            assertThat(record(r, "SPF", "other.example.com").note()).contains("ends with '+all'");
            assertThat(record(r, "DKIM", "*._domainkey.other.example.com").note()).contains("run herald domain add other.example.com");
        }
    }

    @Test
    void subdomainWithoutKeysIsCheckedAgainstItsParentsKeys() {
        try (LocalDns dns = published(keys).start()) {
            DomainReport r = check(dns, CheckRequest.of("offers.news.example.com"));

            assertThat(r.records()).filteredOn(c -> c.purpose().equals("DKIM")).hasSize(2)
                    .allSatisfy(c -> {
                        assertThat(c.status()).isEqualTo(RecordStatus.OK);
                        assertThat(c.note()).contains("signed with the keys of news.example.com");
                    });
        }
    }

    @Test
    void pendingKeyTellsHowToActivateIt() {
        DkimKey next = domains.addKeys(DOMAIN, "h2", Set.of(DkimAlgorithm.ED25519_SHA256)).getFirst();
        try (LocalDns dns = published(List.of(keys.getFirst(), keys.get(1), next)).start()) {
            RecordCheck r = record(check(dns, CheckRequest.of(DOMAIN)), "DKIM", next.dnsName());

            assertThat(r.status()).isEqualTo(RecordStatus.OK);
            assertThat(r.note()).isEqualTo("pending key: once this record is OK, run herald domain activate news.example.com --selector h2");
        }
    }

    @Test
    void unreachableResolverIsAnErrorNamingIt() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        DomainReport r = new DomainCheck(domains, CONFIG, Optional.of(InetSocketAddress.createUnresolved("127.0.0.1", port)),
                Duration.ofMillis(200)).check(CheckRequest.of(DOMAIN));

        assertThat(r.records()).allMatch(c -> c.status() == RecordStatus.ERROR);
        assertThat(r.records().getFirst().note()).isEqualTo("DNS server 127.0.0.1:" + port
                + " did not answer TXT news.example.com within 200 ms (2 tries); check --resolver or dns.resolver");
    }

    @Test
    void rejectsAnInvalidDomain() {
        DomainCheck check = new DomainCheck(domains, CONFIG, Optional.empty());

        assertThatThrownBy(() -> check.check(CheckRequest.of("news_example")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'news_example' is not a valid domain");
    }

    @Test
    void zoneLinesSplitLongTextIntoStringsOf255() {
        RecordCheck rsa = new RecordCheck("DKIM", keys.getFirst().dnsName(), "TXT", keys.getFirst().dnsRecord(), RecordStatus.MISSING,
                List.of(), "");

        String line = rsa.zoneLine();

        assertThat(line).startsWith("h1-rsa._domainkey.news.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; p=");
        List<String> strings = List.of(line.substring(line.indexOf('"') + 1, line.length() - 1).split("\" \""));
        assertThat(strings).hasSizeGreaterThan(1).allMatch(s -> s.length() <= 255);
        assertThat(String.join("", strings)).isEqualTo(keys.getFirst().dnsRecord());
    }
}
