package app.herald.demo;

import app.herald.TestHeralds;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.Herald;
import app.herald.campaign.CampaignStatus;
import app.herald.config.HeraldConfig;
import app.herald.devinbox.InboxMessage;
import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DemoDataTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void sendsTheSampleCampaignToEverySampleCustomerThroughTheDevInbox() throws Exception {
        try (Herald herald = Herald.start(config())) {
            DemoData.Loaded loaded = DemoData.loadAndSend(herald);
            assertThat(loaded.imported().imported()).isEqualTo(10);
            assertThat(loaded.imported().rejected()).isEmpty();
            assertThat(DemoData.awaitSent(herald, loaded.campaignId(), Duration.ofSeconds(30)).status()).isEqualTo(CampaignStatus.SENT);

            List<InboxMessage> inbox = herald.devInbox().orElseThrow().latest(100);
            assertThat(inbox).hasSize(10);
            assertThat(inbox).extracting(m -> m.subject().orElseThrow())
                    .contains("伟, three things for your next order", "Hello, three things for your next order");
            assertThat(new Reports(herald.database().jdbi()).campaignReport(loaded.campaignId()).sent()).isEqualTo(10);
        }
    }

    @Test
    void runningTheDemoAgainUpdatesTheSampleContactsInsteadOfDuplicatingThem() throws Exception {
        try (Herald herald = Herald.start(config())) {
            DemoData.loadAndSend(herald);
            DemoData.Loaded second = DemoData.loadAndSend(herald);
            assertThat(second.imported().imported()).isZero();
            assertThat(second.imported().updated()).isEqualTo(10);
        }
    }

    private static HeraldConfig config() {
        return TestHeralds.config("hrld_demo_test_admin_token", Map.of("dev_inbox.enabled", "true", "dev_inbox.port", "0"));
    }
}
