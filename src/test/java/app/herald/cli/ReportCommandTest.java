package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingServer;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
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
        CliRun r = CliRun.onTestDatabase("report", Long.toString(campaign));

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
        CliRun r = CliRun.onTestDatabase("report", Long.toString(campaign), "--format", "json");

        assertThat(r.exit()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("opens").asLong()).isEqualTo(2);
        assertThat(json.get("open_rate").asDouble()).isEqualTo(0.5);
        assertThat(json.get("links")).hasSize(2);
    }

    @Test
    void rejectsAnUnknownFormat() {
        CliRun r = CliRun.onTestDatabase("report", Long.toString(campaign), "--format", "xml");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--format must be table or json, got 'xml'");
    }

    @Test
    void unknownCampaignIsAnOperatorError() {
        CliRun r = CliRun.onTestDatabase("report", Long.toString(campaign + 99));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("campaign " + (campaign + 99) + " does not exist");
    }
}
