package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.Suppression;
import app.herald.audience.SuppressionSource;
import app.herald.bounce.SentMessages.Sent;
import app.herald.report.Reports;
import app.herald.config.MessageTrackingLogConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.LogSearch;
import app.herald.tracelog.RecordField;
import app.herald.tracelog.SearchQuery;
import app.herald.tracelog.SearchResult;
import app.herald.tracelog.TrackingLog;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class BouncesTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private Audience audience;
    private Bounces bounces;
    private SentMessages sent;

    @BeforeEach
    void setUp() {
        audience = new Audience(DB.jdbi());
        bounces = new Bounces(DB.jdbi(), audience, SentMessages.RETURN_PATH, 3, Duration.ofDays(7));
        sent = new SentMessages(DB.jdbi());
    }

    private Bounce receive(byte[] raw) {
        List<Long> ids = bounces.receive(raw, BounceSource.SMTP, List.of());
        assertThat(ids).hasSize(1);
        return bounces.get(ids.get(0));
    }

    @Test
    void aHardBounceSuppressesTheAddressAndMarksTheContactBounced() {
        Sent m = sent.to("ana@example.org");

        Bounce b = bounces.get(bounces.receive(m.report("dsn-hard.eml"), BounceSource.SMTP, List.of(m.verp())).get(0));

        assertThat(b.classification()).isEqualTo("hard");
        assertThat(b.messageId()).contains(m.id());
        assertThat(b.contactId()).contains(m.contactId());
        assertThat(b.campaignId()).contains(sent.campaignId());
        assertThat(b.status()).contains("5.1.1");
        assertThat(b.action()).contains("failed");
        assertThat(b.recipient()).contains("ana@example.org");
        assertThat(b.source()).isEqualTo("smtp");
        assertThat(b.format()).isEqualTo("dsn");
        assertThat(b.outcome()).startsWith("address suppressed: hard bounce (5.1.1 no such mailbox)");
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("bounced");
        assertThat(audience.suppressionOf("ANA@example.org")).hasValueSatisfying(s -> {
            assertThat(s.source()).isEqualTo(SuppressionSource.BOUNCE);
            assertThat(s.reason()).isEqualTo("hard bounce: 5.1.1 no such mailbox");
        });
        assertThat(bounces.raw(b.id())).isEqualTo(m.report("dsn-hard.eml"));
    }

    @Test
    void writesAMatchedBounceToTheMessageTrackingLogAsADsnEvent(@TempDir Path dir) throws Exception {
        Sent m = sent.to("ana@example.org");
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            new Bounces(DB.jdbi(), audience, SentMessages.RETURN_PATH, 3, Duration.ofDays(7), log)
                    .receive(m.report("dsn-hard.eml"), BounceSource.SMTP, List.of(m.verp()));
        }
        SearchResult found = new LogSearch(dir).search(SearchQuery.builder().eventId("DSN").build());
        assertThat(found.records()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("DSN");
            assertThat(r.get(RecordField.INTERNAL_MESSAGE_ID)).isEqualTo(Long.toString(m.id()));
            assertThat(r.recipients()).containsExactly("ana@example.org");
            assertThat(r.recipientStatuses().get(0)).startsWith("5.1.1");
            assertThat(r.eventData()).contains(Map.entry("Classification", "hard"));
        });
    }

    @Test
    void matchesABounceWithoutVerpByTheQuotedXHeraldMessage() {
        Sent m = sent.to("ana@example.org");
        byte[] raw = Fixtures.load("exim.eml", Map.of("VERP", "news@acme.example", "RECIPIENT", m.email(),
                "HERALD_ID", m.networkId().toString(), "MESSAGE_ID", "<unrelated@example.net>"));

        Bounce b = receive(raw);

        assertThat(b.messageId()).contains(m.id());
        assertThat(b.format()).isEqualTo("exim");
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("bounced");
    }

    @Test
    void matchesABounceByTheQuotedMessageIdWhenNothingElseIsLeft() {
        Sent m = sent.to("ana@example.org");
        byte[] raw = Fixtures.load("qmail.eml", Map.of("VERP", "news@acme.example", "RECIPIENT", m.email(),
                "HERALD_ID", UUID.randomUUID().toString(), "MESSAGE_ID", m.messageIdHeader()));

        assertThat(receive(raw).messageId()).contains(m.id());
    }

    @Test
    void softBouncesSuppressTheAddressAtTheLimitWithinTheWindow() {
        Sent m = sent.to("ana@example.org");
        // one older than the window does not count
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO bounce (received_at, source, format, raw_size, classification, outcome, message_id, contact_id)
                VALUES (now() - interval '8 days', 'smtp', 'dsn', 0, 'soft', 'old', ?, ?)""", m.id(), m.contactId()));

        Bounce first = receive(m.report("dsn-mailbox-full.eml"));
        Bounce second = receive(m.report("dsn-gave-up.eml"));
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
        assertThat(audience.suppressionOf(m.email())).isEmpty();
        Bounce third = receive(m.report("dsn-mailbox-full.eml"));

        assertThat(List.of(first, second, third)).extracting(Bounce::classification).containsOnly("soft");
        assertThat(first.outcome()).isEqualTo("soft bounce 1 of 3 within 7 days (5.2.2 mailbox full)");
        assertThat(second.outcome()).isEqualTo("soft bounce 2 of 3 within 7 days (4.4.7 temporary failure)");
        assertThat(third.outcome()).isEqualTo("address suppressed: soft bounce 3 of 3 within 7 days (5.2.2 mailbox full)");
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("bounced");
        assertThat(audience.suppressionOf(m.email()).map(Suppression::reason))
                .contains("3 soft bounces within 7 days, the last: 5.2.2 mailbox full");
    }

    @Test
    void aPolicyRefusalIsFlaggedAndTheAddressKept() {
        Sent m = sent.to("ana@example.org");

        Bounce b = receive(m.report("dsn-policy.eml"));

        assertThat(b.classification()).isEqualTo("policy");
        assertThat(b.outcome()).startsWith("flagged: 5.7.1").endsWith("the address is kept");
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
        assertThat(audience.suppressionOf(m.email())).isEmpty();
    }

    @Test
    void delayAndSuccessReportsAreRecordedAndChangeNothing() {
        Sent m = sent.to("ana@example.org");

        assertThat(receive(m.report("dsn-delayed.eml")).classification()).isEqualTo("delayed");
        assertThat(receive(m.report("exim-delay.eml")).classification()).isEqualTo("delayed");
        assertThat(receive(m.report("dsn-delivered.eml")).classification()).isEqualTo("delivered");

        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
        assertThat(audience.suppressionOf(m.email())).isEmpty();
    }

    @Test
    void keepsABounceThatMatchesNoMessageForAnAdminAndSuppressesNothing() {
        Sent m = sent.to("ana@example.org");
        String forged = "bounce+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@bounces.acme.example";
        byte[] raw = Fixtures.load("gmail.eml", Map.of("VERP", forged, "RECIPIENT", m.email(),
                "HERALD_ID", UUID.randomUUID().toString(), "MESSAGE_ID", "<other@example.net>"));

        Bounce b = receive(raw);

        assertThat(b.messageId()).isEmpty();
        assertThat(b.classification()).isEqualTo("hard");
        assertThat(b.recipient()).contains(m.email());
        assertThat(b.outcome()).startsWith("kept for an admin");
        assertThat(bounces.list(true, 0, 10)).extracting(Bounce::id).containsExactly(b.id());
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
        assertThat(audience.suppressionOf(m.email())).isEmpty();
    }

    @Test
    void keepsAReportThatCannotBeParsedWithItsError() {
        byte[] raw = "Content-Type: multipart/report; boundary=\"b1\"\r\n\r\nno parts\r\n".getBytes(StandardCharsets.US_ASCII);

        Bounce b = receive(raw);

        assertThat(b.classification()).isEqualTo("unparsed");
        assertThat(b.error()).hasValueSatisfying(e -> assertThat(e).startsWith("cannot parse the report: "));
        assertThat(b.messageId()).isEmpty();
        assertThat(bounces.raw(b.id())).isEqualTo(raw);
        assertThat(bounces.list(true, 0, 10)).extracting(Bounce::id).containsExactly(b.id());
    }

    @Test
    void keepsAMessageThatIsNoReportAsUnparsed() {
        Sent m = sent.to("ana@example.org");

        Bounce b = receive(m.report("auto-reply.eml"));

        assertThat(b.classification()).isEqualTo("unparsed");
        assertThat(b.messageId()).contains(m.id());
        assertThat(b.outcome()).isEqualTo("recorded: not a report Herald understands; nothing changed");
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
    }

    @Test
    void aComplaintMarksTheContactComplainedAndSuppressesTheAddress() {
        Sent m = sent.to("ana@example.org");
        audience.unsubscribe(m.contactId());

        Bounce b = receive(m.report("arf-abuse.eml"));

        assertThat(b.classification()).isEqualTo("complaint");
        assertThat(b.format()).isEqualTo("arf");
        assertThat(b.action()).contains("abuse");
        assertThat(b.messageId()).contains(m.id());
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("complained");
        assertThat(audience.suppressionOf(m.email()).map(Suppression::source)).contains(SuppressionSource.COMPLAINT);
    }

    @Test
    void notSpamFeedbackIsNoComplaint() {
        Sent m = sent.to("ana@example.org");

        Bounce b = receive(m.report("arf-not-spam.eml"));

        assertThat(b.classification()).isEqualTo("feedback");
        assertThat(b.messageId()).contains(m.id());
        assertThat(sent.contactStatus(m.contactId())).isEqualTo("active");
    }

    @Test
    void aReadReceiptConfirmsTheReadInTheRecipientReport() {
        Sent m = sent.to("ana@example.org");
        Reports reports = new Reports(DB.jdbi());
        assertThat(reports.recipient(sent.campaignId(), m.email()).readConfirmedAt()).isNull();

        Bounce b = receive(m.report("mdn-displayed.eml"));

        assertThat(b.classification()).isEqualTo("read");
        assertThat(b.outcome()).isEqualTo("read confirmed");
        assertThat(reports.recipient(sent.campaignId(), m.email()).readConfirmedAt()).isNotNull();
        assertThat(receive(m.report("mdn-displayed.eml")).outcome()).contains("already confirmed");
    }

    @Test
    void matchesAReadReceiptByItsOriginalMessageIdAlone() {
        Sent m = sent.to("ana@example.org");
        byte[] raw = Fixtures.load("mdn-displayed.eml", Map.of("VERP", "news@acme.example", "RECIPIENT", m.email(),
                "MESSAGE_ID", m.messageIdHeader()));

        assertThat(receive(raw).messageId()).contains(m.id());
    }

    @Test
    void aDeletedDispositionIsNoRead() {
        Sent m = sent.to("ana@example.org");

        Bounce b = receive(m.report("mdn-deleted.eml"));

        assertThat(b.classification()).isEqualTo("receipt");
        assertThat(new Reports(DB.jdbi()).recipient(sent.campaignId(), m.email()).readConfirmedAt()).isNull();
    }

    @Test
    void aHardBounceOfATestSendToNoContactSuppressesTheAddress() {
        Sent m = sent.testTo("typo@example.org");

        Bounce b = receive(m.report("dsn-hard.eml"));

        assertThat(b.contactId()).isEmpty();
        assertThat(audience.suppressionOf("typo@example.org")).isPresent();
    }

    @Test
    void aRelayRefusalAtSendTimeFollowsTheSameRules() {
        Sent hard = sent.to("ana@example.org");
        Sent policy = sent.to("bo@example.org");

        Bounce h = bounces.get(bounces.onSynchronousFailure(hard.id(), "550 5.1.1 <ana@example.org>: Recipient address rejected"));
        Bounce p = bounces.get(bounces.onSynchronousFailure(policy.id(), "554 5.7.1 <bo@example.org>: Relay access denied"));

        assertThat(h.source()).isEqualTo("relay");
        assertThat(h.format()).isEqualTo("smtp-reply");
        assertThat(h.classification()).isEqualTo("hard");
        assertThat(sent.contactStatus(hard.contactId())).isEqualTo("bounced");
        assertThat(p.classification()).isEqualTo("policy");
        assertThat(sent.contactStatus(policy.contactId())).isEqualTo("active");
    }

    @Test
    void keepsAtMostOneMebibyteOfAHugeReport() {
        Sent m = sent.to("ana@example.org");
        byte[] report = m.report("dsn-hard.eml");
        byte[] huge = new byte[report.length + 2 * Bounces.MAX_RAW_BYTES];
        System.arraycopy(report, 0, huge, 0, report.length);
        java.util.Arrays.fill(huge, report.length, huge.length, (byte) 'x');

        Bounce b = receive(huge);

        assertThat(b.classification()).isEqualTo("hard");
        assertThat(b.rawSize()).isEqualTo(huge.length);
        assertThat(bounces.raw(b.id())).hasSize(Bounces.MAX_RAW_BYTES);
    }
}
