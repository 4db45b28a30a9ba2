package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.store.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** What the kill -9 and several-node tests share: an audience, a campaign, node settings, the API and the database's view. */
final class NodeCampaigns {
    static final String TOKEN = "hrld_node_test_admin_token_0123";
    /**
     * Short, so that a dead node's messages are taken over soon; not shorter, because on a loaded test
     * machine (load average 20 on 2 cores) a starting JVM was seen to claim and then not renew for
     * over 10 s, and its messages were rightly taken over and sent twice.
     */
    static final String LEASE = "30s";

    private final Jdbi jdbi;
    private final HttpClient http = HttpClient.newHttpClient();

    NodeCampaigns(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A list of {@code n} active contacts r1@nodes.example … and a draft campaign to it; returns the campaign id. */
    long campaignTo(int n) {
        long list = CampaignFixtures.list(jdbi, "nodes");
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO contact (email, first_name) SELECT 'r' || g || '@nodes.example', 'R' || g FROM generate_series(1, ?) g", n);
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact WHERE email LIKE '%@nodes.example'", list);
        });
        return new Campaigns(jdbi).create(CampaignFixtures.draft("Hi {{first_name}}", "<p>Hello {{first_name}}, our news.</p>", list));
    }

    /** The settings of a node sending to {@code smtpPort} with {@code connections} connections, on the test database. */
    static Map<String, String> node(Path dataDir, int smtpPort, int connections) {
        HikariDataSource ds = (HikariDataSource) TestDatabase.database().dataSource();
        Map<String, String> s = new HashMap<>(Map.of("http.host", "127.0.0.1", "http.port", "0", "data_dir", dataDir.toString(),
                "db.url", ds.getJdbcUrl(), "db.user", ds.getUsername(), "smtp.host", "127.0.0.1", "smtp.port", String.valueOf(smtpPort),
                "smtp.connections", String.valueOf(connections), "delivery.lease", LEASE, "admin_token", TOKEN));
        s.put("tracking_secret", "node-test-tracking-secret-0123456789abcdef");
        if (ds.getPassword() != null && !ds.getPassword().isEmpty()) {
            s.put("db.password", ds.getPassword());
        }
        return s;
    }

    /** POST /api/campaigns/{id}/send on that node; returns the HTTP status. */
    int send(HeraldNode node, long campaignId) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/campaigns/" + campaignId + "/send"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    String status(long campaignId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM campaign WHERE id = :id").bind("id", campaignId)
                .mapTo(String.class).one());
    }

    void awaitSent(long campaignId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status(campaignId).equals("sent") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(status(campaignId)).as("campaign %d after %s", campaignId, timeout).isEqualTo("sent");
    }

    static void awaitAccepted(CountingSmtpSink sink, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sink.accepted() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sink.accepted()).as("messages accepted by the sink within %s", timeout).isGreaterThanOrEqualTo(atLeast);
    }

    /** The campaign's counters and its messages by status. */
    Map<String, Long> numbers(long campaignId) {
        Map<String, Long> m = new HashMap<>(jdbi.withHandle(h -> h.createQuery("SELECT sent, failed FROM campaign_stats WHERE campaign_id = :id")
                .bind("id", campaignId).map((rs, ctx) -> Map.of("stats.sent", rs.getLong(1), "stats.failed", rs.getLong(2))).one()));
        jdbi.useHandle(h -> h.createQuery("SELECT status, count(*) FROM message WHERE campaign_id = :id AND kind = 'campaign' GROUP BY status")
                .bind("id", campaignId).map((rs, ctx) -> Map.entry("messages." + rs.getString(1), rs.getLong(2)))
                .forEach(e -> m.put(e.getKey(), e.getValue())));
        return m;
    }

    /** Copies beyond the first, summed over recipients. */
    static long duplicates(Map<String, Integer> copies) {
        return copies.values().stream().mapToLong(c -> c - 1).sum();
    }
}
