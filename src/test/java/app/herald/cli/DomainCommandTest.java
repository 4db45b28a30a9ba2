package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.domain.DkimKey;
import app.herald.domain.LocalDns;
import app.herald.domain.SendingDomains;
import app.herald.store.TestDatabase;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DomainCommandTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String[] CONFIG = {"--set", "public_url=https://herald.example.net", "--set", "smtp.host=relay.example.net"};

    private static LocalDns publishedFor(List<DkimKey> keys) {
        LocalDns dns = new LocalDns()
                .txt("news.example.com", "v=spf1 a:relay.example.net -all")
                .txt("_dmarc.news.example.com", "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com")
                .cname("t.news.example.com", "herald.example.net")
                .mx("bounces.news.example.com", "herald.example.net", 10)
                .txt("bounces.news.example.com", "v=spf1 a:relay.example.net -all");
        keys.forEach(k -> dns.txt(k.dnsName(), k.dnsRecord()));
        return dns;
    }

    @Test
    void addPrintsTheRecordsToPublishAndCheckExitsZeroOnceTheyAre() {
        CliRun add = run("domain", "add", "News.Example.com", "--selector", "h1");

        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("New DKIM keys of news.example.com:", "h1-rsa", "h1-ed25519",
                "h1-rsa._domainkey.news.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; p=", "herald domain check news.example.com");
        List<DkimKey> keys = new SendingDomains(DB.jdbi()).keys("news.example.com");
        assertThat(keys).hasSize(2);

        try (LocalDns dns = publishedFor(keys).start()) {
            CliRun ok = run("domain", "check", "news.example.com", "--resolver", dns.hostPort(),
                    "--tracking-host", "t.news.example.com", "--bounce-domain", "bounces.news.example.com");

            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("DNS records of news.example.com, as DNS server " + dns.hostPort() + " answers")
                    .containsPattern("OK\\s+DKIM\\s+TXT\\s+h1-ed25519._domainkey.news.example.com")
                    .containsPattern("OK\\s+tracking\\s+CNAME\\s+t.news.example.com")
                    .containsPattern("OK\\s+bounces\\s+MX\\s+bounces.news.example.com")
                    .contains("Every record is published as expected.");
        }
    }

    @Test
    void checkExitsOneAndShowsWhatToPublishWhenRecordsAreMissingOrDifferent() throws Exception {
        List<DkimKey> keys = new SendingDomains(DB.jdbi()).addKeys("news.example.com", "h1",
                java.util.Set.of(app.herald.domain.DkimAlgorithm.ED25519_SHA256));
        try (LocalDns dns = new LocalDns().txt("news.example.com", "v=spf1 mx ~all").start()) {
            CliRun r = run("domain", "check", "news.example.com", "--resolver", dns.hostPort());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).containsPattern("DIFFERENT\\s+SPF\\s+TXT\\s+news.example.com")
                    .contains("publish:   news.example.com. 3600 IN TXT \"v=spf1 a:relay.example.net -all\"")
                    .contains("published: v=spf1 mx ~all")
                    .containsPattern("MISSING\\s+DKIM\\s+TXT\\s+h1._domainkey.news.example.com")
                    .contains("publish:   " + keys.getFirst().dnsName() + ". 3600 IN TXT \"" + keys.getFirst().dnsRecord() + "\"")
                    .containsPattern("MISSING\\s+DMARC\\s+TXT\\s+_dmarc.news.example.com")
                    .contains("3 of 3 records need attention");

            CliRun json = run("domain", "check", "news.example.com", "--resolver", dns.hostPort(), "--format", "json");
            assertThat(json.exit()).isEqualTo(1);
            JsonNode doc = Json.MAPPER.readTree(json.out());
            assertThat(doc.get("ok").asBoolean()).isFalse();
            assertThat(doc.get("records").get(0).get("published").get(0).asText()).isEqualTo("v=spf1 mx ~all");
        }
    }

    @Test
    void rotationAddsAPendingKeyThatActivateMakesTheSigningOne() {
        assertThat(run("domain", "add", "news.example.com", "--selector", "h1", "--ed25519").exit()).isZero();

        CliRun second = run("domain", "add", "news.example.com", "--selector", "h2", "--ed25519");

        assertThat(second.out()).contains("h2 is pending", "herald domain activate news.example.com --selector h2");
        CliRun activate = run("domain", "activate", "news.example.com", "--selector", "h2");
        assertThat(activate.exit()).isZero();
        assertThat(activate.out()).containsPattern("h1\\s+ed25519-sha256\\s+retired").containsPattern("h2\\s+ed25519-sha256\\s+active");
        CliRun list = run("domain", "list");
        assertThat(list.out()).startsWith("news.example.com\n").containsPattern("h2\\s+ed25519-sha256\\s+active");
    }

    @Test
    void operatorErrorsExitTwoWithTheReason() {
        CliRun bad = run("domain", "check", "not_a_domain", "--resolver", "127.0.0.1:1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'not_a_domain' is not a valid domain");

        CliRun resolver = run("domain", "check", "news.example.com", "--resolver", "127.0.0.1:99999");
        assertThat(resolver.exit()).isEqualTo(2);
        assertThat(resolver.err()).contains("--resolver '127.0.0.1:99999': the port must be a number from 1 to 65535");

        CliRun unknown = run("domain", "activate", "news.example.com", "--selector", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("DKIM key nope._domainkey.news.example.com does not exist");

        CliRun remove = run("domain", "remove", "news.example.com");
        assertThat(remove.exit()).isEqualTo(2);
        assertThat(remove.err()).contains("add --yes to confirm");
    }

    /** Runs the command line against the test database, with the public URL and relay the DNS checks need. */
    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(CONFIG));
        return CliRun.onTestDatabase(all.toArray(String[]::new));
    }
}
