package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class DeliveryReportsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private DeliveryLogFixture logs;
    private DeliveryReports reports;

    @BeforeEach
    void campaignsAndTheirLogs() {
        logs = DeliveryLogFixture.write(DB.jdbi(), dir);
        reports = new DeliveryReports(new LogSearch(dir), new CampaignOwnership(DB.jdbi()));
    }

    @Test
    void adminSeesEveryMessageToAndFromTheAddressWithItsStatus() {
        DeliveryReport r = reports.report("ANN@example.com", DeliveryReports.Viewer.admin(), SearchQuery.DEFAULT_RESULT_SIZE);

        assertThat(r.messages()).extracting(DeliveryReport.Message::internalMessageId)
                .containsExactly(id(logs.annTea()), id(logs.annOffer()), id(logs.annSuppressed()), "900001");
        assertThat(status(r, 0, "ann@example.com")).isEqualTo(DeliveryStatus.READ);
        assertThat(status(r, 1, "ann@example.com")).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(status(r, 2, "ann@example.com")).isEqualTo(DeliveryStatus.UNSUCCESSFUL);
        assertThat(r.moreAvailable()).isFalse();
    }

    @Test
    void aMessageTheAddressSentListsEveryRecipientWithItsOwnReply() {
        DeliveryReport r = reports.report("ann@example.com", DeliveryReports.Viewer.admin(), SearchQuery.DEFAULT_RESULT_SIZE);

        DeliveryReport.Message sent = r.messages().get(3);
        assertThat(sent.sender()).isEqualTo("ann@example.com");
        assertThat(sent.recipients()).extracting(DeliveryReport.Recipient::address).containsExactly("x@example.net", "y@example.net");
        assertThat(sent.recipients()).extracting(DeliveryReport.Recipient::status)
                .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.UNSUCCESSFUL);
        assertThat(sent.recipients().get(1).events()).extracting(DeliveryReport.Event::recipientStatus)
                .containsExactly("", "550 5.1.1 User unknown");
    }

    @Test
    void thePathShowsEveryEventOfTheRecipientInTimeOrder() {
        DeliveryReport r = reports.report("ann@example.com", DeliveryReports.Viewer.admin(), SearchQuery.DEFAULT_RESULT_SIZE);

        List<DeliveryReport.Event> path = r.messages().get(0).recipients().get(0).events();
        assertThat(path).extracting(DeliveryReport.Event::eventId).containsExactly("SUBMIT", "DEFER", "SEND", "AGENTINFO");
        assertThat(path.get(1).recipientStatus()).isEqualTo("451 4.7.1 Try again later");
        assertThat(path.get(3).detail()).isEqualTo("S:Event=Open;S:Ip=198.51.100.7");
    }

    @Test
    void deferredWithoutAFinalEventIsPendingAndFailedIsUnsuccessful() {
        assertThat(status(reports.report("bob@example.com", DeliveryReports.Viewer.admin(), 10), 0, "bob@example.com"))
                .isEqualTo(DeliveryStatus.PENDING);
        assertThat(status(reports.report("carl@example.com", DeliveryReports.Viewer.admin(), 10), 0, "carl@example.com"))
                .isEqualTo(DeliveryStatus.UNSUCCESSFUL);
        assertThat(status(reports.report("dora@example.com", DeliveryReports.Viewer.admin(), 10), 0, "dora@example.com"))
                .as("delivered into the dev inbox").isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void aUserSeesOnlyMessagesOfCampaignsTheyOwn() {
        DeliveryReport forTeaOwner = reports.report("ann@example.com", DeliveryReports.Viewer.owner(logs.teaOwner()), 100);
        DeliveryReport forOfferOwner = reports.report("ann@example.com", DeliveryReports.Viewer.owner(logs.offerOwner()), 100);
        DeliveryReport forNobody = reports.report("ann@example.com", DeliveryReports.Viewer.owner(logs.teaOwner() + 1000), 100);

        assertThat(forTeaOwner.messages()).extracting(DeliveryReport.Message::internalMessageId).containsExactly(id(logs.annTea()));
        assertThat(forOfferOwner.messages()).extracting(DeliveryReport.Message::internalMessageId)
                .containsExactly(id(logs.annOffer()), id(logs.annSuppressed()));
        assertThat(forNobody.messages()).isEmpty();
    }

    @Test
    void theLimitKeepsTheEarliestMessagesAndSaysMoreExist() {
        DeliveryReport r = reports.report("ann@example.com", DeliveryReports.Viewer.admin(), 2);

        assertThat(r.messages()).extracting(DeliveryReport.Message::internalMessageId).containsExactly(id(logs.annTea()), id(logs.annOffer()));
        assertThat(r.moreAvailable()).isTrue();
    }

    private static String id(long messageId) {
        return Long.toString(messageId);
    }

    private static DeliveryStatus status(DeliveryReport r, int message, String recipient) {
        return r.messages().get(message).recipients().stream().filter(x -> x.address().equalsIgnoreCase(recipient))
                .findFirst().orElseThrow().status();
    }
}
