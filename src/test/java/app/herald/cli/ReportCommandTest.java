package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingServer;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class ReportCommandTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private long campaign;

    @BeforeEach
    void campaignWithHits() {
        CampaignFixture fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Spring tea");
        fx.link(campaign, 0, "https://shop.example.com/tea?c=green#top");
        fx.link(campaign, 1, "https://shop.example.com/");
        long ann = fx.sentMessage(campaign, "ann@example.com");
        fx.sentMessage(campaign, "bob@example.com");
        fx.sendCounts(campaign, 2, 2, 0);
        try (TrackingServer server = new TrackingServer(DB.jdbi())) {
            server.get(server.urls.openPixel(ann));
            server.get(server.urls.openPixel(ann));
            server.get(server.urls.click(ann, 0));
        }
    }

    @Test
    void printsTheNumbersAndTheLinkTable() {
        Result r = run("report", Long.toString(campaign));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Campaign " + campaign + ": Spring tea (sending)")
                .containsPattern("Sent\\s+2\\n")
                .containsPattern("Opens\\s+2\\s+unique 1, open rate 50\\.00%")
                .containsPattern("Clicks\\s+1\\s+unique 1, click rate 50\\.00%")
                .containsPattern("\\s+1\\s+1\\s+https://shop\\.example\\.com/tea\\?c=green#top\\n")
                .containsPattern("\\s+0\\s+0\\s+https://shop\\.example\\.com/\\n");
    }

    @Test
    void printsTheApiDocumentAsJson() throws Exception {
        Result r = run("report", Long.toString(campaign), "--format", "json");

        assertThat(r.exit()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("opens").asLong()).isEqualTo(2);
        assertThat(json.get("open_rate").asDouble()).isEqualTo(0.5);
        assertThat(json.get("links")).hasSize(2);
    }

    @Test
    void rejectsAnUnknownFormat() {
        Result r = run("report", Long.toString(campaign), "--format", "xml");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--format must be table or json, got 'xml'");
    }

    @Test
    void unknownCampaignIsAnOperatorError() {
        Result r = run("report", Long.toString(campaign + 99));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("campaign " + (campaign + 99) + " does not exist");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        String url = ((HikariDataSource) TestDatabase.database().dataSource()).getJdbcUrl();
        String user = ((HikariDataSource) TestDatabase.database().dataSource()).getUsername();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--set";
        all[args.length + 1] = "db.url=" + url;
        all[args.length + 2] = "--set";
        all[args.length + 3] = "db.user=" + user;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(all);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
