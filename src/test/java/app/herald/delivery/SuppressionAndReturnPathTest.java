package app.herald.delivery;

import app.herald.tracelog.TrackingLog;
import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.SuppressionSource;
import app.herald.bounce.ReturnPath;
import app.herald.campaign.CampaignDraft;
import app.herald.campaign.CampaignFixtures;
import app.herald.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bounce feature's two hooks into sending: the suppression list, and the envelope sender (VERP). */
@Tag("storage")
class SuppressionAndReturnPathTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final ReturnPath VERP = ReturnPath.of(Optional.of("bounces.acme.example"),
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private final Audience audience = new Audience(DB.jdbi());

    private List<String> messageRows(long campaignId) {
        return DB.jdbi().withHandle(h -> h.createQuery(
                "SELECT email || ' ' || status || coalesce(' ' || smtp_reply, '') FROM message WHERE campaign_id = :c ORDER BY email")
                .bind("c", campaignId).mapTo(String.class).list());
    }

    @Test
    void theCampaignSkipsSuppressedAddressesAndDomains() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0); Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long listId = list(DB.jdbi(), "customers");
            contact(DB.jdbi(), "ana@example.com", "Ana", "active", "{}", listId);
            contact(DB.jdbi(), "Bo@Example.com", "Bo", "active", "{}", listId);
            contact(DB.jdbi(), "cy@blocked.example", "Cy", "active", "{}", listId);
            audience.suppress("bo@example.com", "hard bounce", SuppressionSource.BOUNCE);
            audience.suppress("@blocked.example", "competitor", SuppressionSource.MANUAL);
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hi</p>", listId));

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(messageRows(id)).containsExactly("ana@example.com sent 250 Ok");
            assertThat(sending.count("SELECT recipients FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
            assertThat(relay.delivered).containsExactly("ana@example.com");
        }
    }

    @Test
    void theSendStepSkipsAnAddressSuppressedAfterTheCampaignStarted() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0); Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long listId = list(DB.jdbi(), "customers");
            contact(DB.jdbi(), "ana@example.com", "Ana", "active", "{}", listId);
            contact(DB.jdbi(), "bo@late.example", "Bo", "active", "{}", listId);
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hi</p>", listId));
            sending.delivery().send(id);

            audience.suppress("LATE.example", "complaint meanwhile", SuppressionSource.MANUAL);
            sending.start();
            sending.awaitStatus(id, "sent");

            assertThat(messageRows(id)).containsExactly("ana@example.com sent 250 Ok",
                    "bo@late.example failed not sent: the address or its domain is on the suppression list");
            assertThat(relay.delivered).containsExactly("ana@example.com");
        }
    }

    @Test
    void aTestSendToASuppressedAddressIsNotSent() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0); Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long listId = list(DB.jdbi(), "customers");
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hi</p>", listId));
            audience.suppress("gone@example.com", "hard bounce", SuppressionSource.BOUNCE);

            List<Long> ids = sending.delivery().testSend(id, List.of("gone@example.com", "me@example.com"));

            assertThat(sending.delivery().messages(ids)).extracting(m -> m.email() + " " + m.status() + " " + m.smtpReply().orElse(""))
                    .containsExactly("gone@example.com FAILED not sent: the address or its domain is on the suppression list",
                            "me@example.com SENT 250 Ok");
            assertThat(relay.delivered).containsExactly("me@example.com");
        }
    }

    @Test
    void eachMessageGoesOutWithItsOwnVerpEnvelopeSender() throws Exception {
        try (EnvelopeRecorder relay = new EnvelopeRecorder(); Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long listId = list(DB.jdbi(), "customers");
            long ana = contact(DB.jdbi(), "ana@example.com", "Ana", "active", "{}", listId);
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hi</p>", listId));
            sending.dispatcher = Dispatcher.start(DB.jdbi(), sending.campaigns, sending.renderer, sending.pool, Outbound.withReturnPath(VERP), TrackingLog.disabled(), Sending.FAST);
            new Delivery(DB.jdbi(), sending.campaigns, sending.renderer, sending.pool, sending.dispatcher::wake, Outbound.withReturnPath(VERP), TrackingLog.disabled()).send(id);
            sending.awaitStatus(id, "sent");

            long messageId = DB.jdbi().withHandle(h -> h.createQuery("SELECT id FROM message WHERE contact_id = :c")
                    .bind("c", ana).mapTo(Long.class).one());
            assertThat(relay.received).hasSize(1);
            EnvelopeRecorder.Received r = relay.received.get(0);
            assertThat(r.mailFrom()).isEqualTo(VERP.envelopeFrom(messageId, "news@acme.example")).startsWith("bounce+");
            assertThat(r.message()).contains("From: Anna from Acme <news@acme.example>")
                    .doesNotContain("Return-Path").doesNotContain("Disposition-Notification-To");
        }
    }

    @Test
    void aCampaignThatRequestsReadReceiptsAsksForThemAtTheReturnPath() throws Exception {
        try (EnvelopeRecorder relay = new EnvelopeRecorder(); Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long listId = list(DB.jdbi(), "customers");
            CampaignDraft d = CampaignFixtures.draft("Hi", "<p>Hi</p>", listId);
            long id = sending.campaigns.create(new CampaignDraft(d.name(), d.subject(), d.fromName(), d.fromEmail(), d.replyTo(),
                    d.html(), d.text(), d.listIds(), true));
            Delivery delivery = new Delivery(DB.jdbi(), sending.campaigns, sending.renderer, sending.pool, () -> { }, Outbound.withReturnPath(VERP), TrackingLog.disabled());

            delivery.testSend(id, List.of("me@example.com"));
            Delivery plain = new Delivery(DB.jdbi(), sending.campaigns, sending.renderer, sending.pool, () -> { }, Outbound.PLAIN, TrackingLog.disabled());
            plain.testSend(id, List.of("me@example.com"));

            assertThat(relay.received).hasSize(2);
            String verp = relay.received.get(0).mailFrom();
            assertThat(verp).startsWith("bounce+").endsWith("@bounces.acme.example");
            assertThat(relay.received.get(0).message()).contains("Disposition-Notification-To: " + verp);
            assertThat(relay.received.get(1).mailFrom()).isEqualTo("news@acme.example");
            assertThat(relay.received.get(1).message()).contains("Disposition-Notification-To: news@acme.example");
        }
    }
}
