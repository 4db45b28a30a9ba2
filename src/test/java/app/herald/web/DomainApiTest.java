package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.domain.DkimAlgorithm;
import app.herald.domain.DkimKey;
import app.herald.domain.DomainCheck;
import app.herald.domain.LocalDns;
import app.herald.domain.SendingDomains;
import app.herald.store.TestDatabase;
import app.herald.tracking.TrackingServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DomainApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN = "hrld_domain_api_admin_token";
    private static final String USER = "hrld_domain_api_user_token";
    private static final HeraldConfig CONFIG = HeraldConfig.from(Settings.of(Map.of(
            "public_url", "https://herald.example.net", "smtp.host", "relay.example.net")));

    private static JsonNode json(HttpResponse<byte[]> r, int status) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void adminGetsTheCheckAsJsonAndOtherUsersAreForbidden() throws Exception {
        new Users(DB.jdbi()).ensureAdmin(Optional.of(ADMIN));
        DB.jdbi().useHandle(h -> h.execute("INSERT INTO app_user (name, role, token_sha256) VALUES ('sam', 'user', ?)", Users.sha256(USER)));
        SendingDomains domains = new SendingDomains(DB.jdbi());
        List<DkimKey> keys = domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.ED25519_SHA256));
        try (LocalDns dns = new LocalDns().txt("news.example.com", "v=spf1 a:relay.example.net -all")
                .txt(keys.getFirst().dnsName(), keys.getFirst().dnsRecord()).start();
             TrackingServer server = new TrackingServer(DB.jdbi(), new ApiAuth(new Users(DB.jdbi())),
                     new DomainApi(domains, new DomainCheck(domains, CONFIG, Optional.of(dns.address()))))) {
            String url = server.base() + "/api/domains/News.Example.com/check?bounce_domain=bounces.news.example.com";

            JsonNode r = json(server.get(url, "Authorization", "Bearer " + ADMIN), 200);

            assertThat(r.get("domain").asText()).isEqualTo("news.example.com");
            assertThat(r.get("ok").asBoolean()).isFalse();
            assertThat(r.get("resolver").asText()).isEqualTo(dns.hostPort());
            assertThat(r.get("records")).extracting(n -> n.get("purpose").asText() + " " + n.get("status").asText())
                    .containsExactly("SPF OK", "DKIM OK", "DMARC MISSING", "bounces MISSING", "SPF MISSING");
            JsonNode dkim = r.get("records").get(1);
            assertThat(dkim.get("expected").asText()).isEqualTo(keys.getFirst().dnsRecord());
            assertThat(dkim.get("zone_line").asText()).startsWith("h1._domainkey.news.example.com. 3600 IN TXT \"v=DKIM1; k=ed25519; p=");
            assertThat(dkim.get("published").get(0).asText()).isEqualTo(keys.getFirst().dnsRecord());

            JsonNode list = json(server.get(server.base() + "/api/domains", "Authorization", "Bearer " + ADMIN), 200);
            assertThat(list.get(0).get("keys").get(0).get("dns_name").asText()).isEqualTo("h1._domainkey.news.example.com");
            assertThat(list.get(0).get("keys").get(0).get("status").asText()).isEqualTo("active");

            assertThat(server.get(url, "Authorization", "Bearer " + USER).statusCode()).isEqualTo(403);
            assertThat(server.get(url).statusCode()).isEqualTo(401);
            assertThat(server.get(server.base() + "/api/domains/not_a_domain/check", "Authorization", "Bearer " + ADMIN).statusCode())
                    .isEqualTo(422);
        }
    }
}
