package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.bounce.RecipientStatus.Action;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BounceParserTest {
    private static final Original QUOTED = new Original(java.util.List.of(Fixtures.VERP),
            Optional.of(UUID.fromString(Fixtures.HERALD_ID)), Optional.of(Fixtures.MESSAGE_ID));

    private static Report parse(String fixture) throws Exception {
        return BounceParser.parse(Fixtures.load(fixture));
    }

    private static RecipientStatus onlyRecipient(Report report, String format) {
        assertThat(report).isInstanceOf(Report.Delivery.class);
        Report.Delivery d = (Report.Delivery) report;
        assertThat(d.format()).isEqualTo(format);
        assertThat(d.recipients()).hasSize(1);
        return d.recipients().get(0);
    }

    @Test
    void readsTheRecipientStatusAndDiagnosticOfAnRfc3464Dsn() throws Exception {
        Report report = parse("dsn-hard.eml");

        RecipientStatus r = onlyRecipient(report, "dsn");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("550 5.1.1 <nobody@example.org>: Recipient address rejected: "
                + "User unknown in virtual mailbox table");
        assertThat(r.remoteMta()).contains("mail.example.org");
    }

    @Test
    void findsTheVerpAddressTheXHeraldMessageAndTheMessageIdOfTheReturnedHeaders() throws Exception {
        Original original = parse("dsn-hard.eml").original();

        assertThat(original.returnPaths()).first().isEqualTo(Fixtures.VERP);
        assertThat(original.heraldMessage()).contains(UUID.fromString(Fixtures.HERALD_ID));
        assertThat(original.messageId()).contains(Fixtures.MESSAGE_ID);
    }

    @Test
    void readsEachStatusClassOfADsn() throws Exception {
        assertThat(onlyRecipient(parse("dsn-mailbox-full.eml"), "dsn")).satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.FAILED);
            assertThat(r.status()).contains("5.2.2");
        });
        assertThat(onlyRecipient(parse("dsn-policy.eml"), "dsn")).satisfies(r -> {
            assertThat(r.status()).contains("5.7.1");
            assertThat(r.diagnostic()).contains("554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.example.org");
        });
        assertThat(onlyRecipient(parse("dsn-gave-up.eml"), "dsn")).satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.FAILED);
            assertThat(r.status()).contains("4.4.7");
        });
        assertThat(onlyRecipient(parse("dsn-delayed.eml"), "dsn").action()).isEqualTo(Action.DELAYED);
        assertThat(onlyRecipient(parse("dsn-delivered.eml"), "dsn")).satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.DELIVERED);
            assertThat(r.status()).contains("2.0.0");
        });
    }

    @Test
    void neverReadsTheBodyOfTheReturnedMessage() throws Exception {
        // the original's body says "Status: 5.1.1"; the report says 5.2.2
        assertThat(onlyRecipient(parse("dsn-mailbox-full.eml"), "dsn").status()).contains("5.2.2");
        assertThat(parse("dsn-mailbox-full.eml").original()).isEqualTo(QUOTED);
    }

    @Test
    void readsAQmailBounce() throws Exception {
        Report report = parse("qmail.eml");

        RecipientStatus r = onlyRecipient(report, "qmail");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("Sorry, no mailbox here by that name. (#5.1.1)");
        assertThat(report.original()).isEqualTo(QUOTED);
    }

    @Test
    void readsTheRemoteServersReplyInAQmailBounce() throws Exception {
        RecipientStatus r = onlyRecipient(parse("qmail-remote.eml"), "qmail");
        assertThat(r.status()).contains("5.7.1");
        assertThat(r.remoteMta()).contains("192.0.2.25");
    }

    @Test
    void readsAnEximBounce() throws Exception {
        Report report = parse("exim.eml");

        RecipientStatus r = onlyRecipient(report, "exim");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table");
        assertThat(r.remoteMta()).contains("mail.example.org");
        assertThat(report.original().heraldMessage()).contains(UUID.fromString(Fixtures.HERALD_ID));
    }

    @Test
    void readsAnEximDelayWarningAsDelayed() throws Exception {
        RecipientStatus r = onlyRecipient(parse("exim-delay.eml"), "exim");
        assertThat(r.action()).isEqualTo(Action.DELAYED);
        assertThat(r.status()).contains("4.7.1");
    }

    @Test
    void readsAnExchangeNdr() throws Exception {
        Report report = parse("exchange.eml");

        RecipientStatus r = onlyRecipient(report, "exchange");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
        assertThat(report.original().heraldMessage()).contains(UUID.fromString(Fixtures.HERALD_ID));
    }

    @Test
    void readsAnExchange2003NdrWithItsHashCode() throws Exception {
        RecipientStatus r = onlyRecipient(parse("exchange-2003.eml"), "exchange");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.remoteMta()).contains("EX03.corp.example.com");
    }

    @Test
    void readsADeliveryStatusNotificationText() throws Exception {
        Report report = parse("gmail.eml");

        RecipientStatus r = onlyRecipient(report, "gmail");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.status()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("550 5.1.1 <nobody@example.org>... No such user");
        assertThat(r.remoteMta()).contains("mx.example.org");
        assertThat(report.original().returnPaths()).contains(Fixtures.VERP);
    }

    @Test
    void fallsBackToTheFirstReplyLineNamingAnAddressWhenTheSubjectSaysBounce() throws Exception {
        RecipientStatus r = onlyRecipient(parse("generic.eml"), "generic");
        assertThat(r.recipient()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(r.status()).isEmpty();
        assertThat(r.diagnostic()).contains("550 <nobody@example.org> mailbox unavailable");
        assertThat(BounceClassifier.classify(r.diagnostic().orElseThrow())).isInstanceOf(Classification.Hard.class);
    }

    @Test
    void readsAnArfComplaintWithItsOriginalMailFrom() throws Exception {
        Report report = parse("arf-abuse.eml");

        assertThat(report).isInstanceOf(Report.Complaint.class);
        Report.Complaint c = (Report.Complaint) report;
        assertThat(c.feedbackType()).isEqualTo("abuse");
        assertThat(c.recipient()).contains(Fixtures.RECIPIENT);
        assertThat(c.userAgent()).contains("SomeGenerator/1.0");
        assertThat(c.original().returnPaths()).first().isEqualTo(Fixtures.VERP);
        assertThat(c.original().heraldMessage()).contains(UUID.fromString(Fixtures.HERALD_ID));
    }

    @Test
    void readsAnMdnWithItsDispositionAndOriginalMessageId() throws Exception {
        Report report = parse("mdn-displayed.eml");

        assertThat(report).isInstanceOf(Report.Receipt.class);
        Report.Receipt r = (Report.Receipt) report;
        assertThat(r.disposition()).isEqualTo("manual-action/MDN-sent-manually; displayed");
        assertThat(r.dispositionType()).isEqualTo("displayed");
        assertThat(r.recipient()).contains(Fixtures.RECIPIENT);
        assertThat(r.original().messageId()).contains(Fixtures.MESSAGE_ID);
        assertThat(((Report.Receipt) parse("mdn-deleted.eml")).dispositionType()).isEqualTo("deleted");
    }

    @Test
    void callsAnAutoReplyUnrecognisedButKeepsWhereItWasSent() throws Exception {
        Report report = parse("auto-reply.eml");

        assertThat(report).isInstanceOf(Report.Unrecognized.class);
        assertThat(report.original().returnPaths()).containsExactly(Fixtures.VERP);
    }

    @Test
    void readsALowerCasedVerpAddressFromTheHeaders() throws Exception {
        byte[] raw = Fixtures.load("dsn-hard.eml", java.util.Map.of("VERP", Fixtures.VERP.toUpperCase()));
        assertThat(BounceParser.parse(raw).original().returnPaths()).first().isEqualTo(Fixtures.VERP.toUpperCase());
    }

    @Test
    void throwsForAMultipartReportWithoutItsParts() {
        byte[] raw = ("Subject: Undelivered Mail\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
                + "\r\nthe parts were cut off in transit\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> BounceParser.parse(raw)).hasMessageContaining("boundary");
    }
}
