package app.herald.bounce;

import app.herald.tracelog.TrackingLog;
import app.herald.delivery.Outbound;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.SmtpPool;
import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postfix as a real MTA: Herald sends a campaign through a private Postfix to a user that does not
 * exist; Postfix accepts it, its local delivery fails, and its own bounce daemon sends a DSN to
 * the message's VERP address, which Postfix routes to Herald's bounce listener. Herald must match
 * the bounce to its message and suppress the contact.
 */
@Tag("storage")
class PostfixBounceTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String LOCAL_DOMAIN = "local.herald.test";
    private static final String BOUNCE_DOMAIN = "bounces.herald.test";

    @Test
    void postfixsOwnBounceOfAnUnknownUserComesBackToTheVerpAddressAndSuppressesTheContact() throws Exception {
        assertThat(PrivatePostfix.unavailable()).as("a private Postfix can run here").isEmpty();
        Audience audience = new Audience(DB.jdbi());
        ReturnPath verp = ReturnPath.of(Optional.of(BOUNCE_DOMAIN), SentMessages.SECRET);
        Bounces bounces = new Bounces(DB.jdbi(), audience, verp, 3, Duration.ofDays(7));
        long listId = CampaignFixtures.list(DB.jdbi(), "customers");
        long contactId = CampaignFixtures.contact(DB.jdbi(), "nosuchuser@" + LOCAL_DOMAIN, "Nobody", "active", "{}", listId);
        Campaigns campaigns = new Campaigns(DB.jdbi());
        long campaignId = campaigns.create(CampaignFixtures.draft("Spring offer", "<p>Hello {{first_name}}</p>", listId));
        MessageRenderer renderer = new MessageRenderer(DB.jdbi(), CampaignFixtures.URLS);

        PrivatePostfix postfix = null;
        try (BounceListener listener = BounceListener.start(bounces, BOUNCE_DOMAIN, "127.0.0.1", 0)) {
            postfix = PrivatePostfix.start(LOCAL_DOMAIN, BOUNCE_DOMAIN, listener.port());
            try (SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", postfix.smtpPort, Optional.empty(),
                    Optional.empty(), HeraldConfig.Tls.NONE, 1));
                 Dispatcher dispatcher = Dispatcher.start(DB.jdbi(), campaigns, renderer, pool, Outbound.withReturnPath(verp), TrackingLog.disabled())) {
                new Delivery(DB.jdbi(), campaigns, renderer, pool, dispatcher, Outbound.withReturnPath(verp), TrackingLog.disabled()).send(campaignId);

                Bounce bounce = awaitBounce(bounces, postfix);

                long messageId = DB.jdbi().withHandle(h -> h.createQuery("SELECT id FROM message WHERE campaign_id = :c")
                        .bind("c", campaignId).mapTo(Long.class).one());
                String reply = DB.jdbi().withHandle(h -> h.createQuery("SELECT status || ' ' || smtp_reply FROM message WHERE id = :id")
                        .bind("id", messageId).mapTo(String.class).one());
                assertThat(reply).as("Postfix accepted the message (the bounce is asynchronous)").startsWith("sent 250");
                assertThat(bounce.source()).isEqualTo("smtp");
                assertThat(bounce.format()).isEqualTo("dsn");
                assertThat(bounce.messageId()).as("matched by its VERP address").contains(messageId);
                assertThat(bounce.contactId()).contains(contactId);
                assertThat(bounce.recipient()).contains("nosuchuser@" + LOCAL_DOMAIN);
                assertThat(bounce.status()).contains("5.1.1");
                assertThat(bounce.classification()).isEqualTo("hard");
                assertThat(bounce.diagnostic()).hasValueSatisfying(d -> assertThat(d).contains("unknown user"));
                assertThat(audience.findContactByEmail("nosuchuser@" + LOCAL_DOMAIN).orElseThrow().status())
                        .isEqualTo(app.herald.audience.ContactStatus.BOUNCED);
                assertThat(audience.suppressionOf("nosuchuser@" + LOCAL_DOMAIN)).isPresent();
                assertThat(postfix.log()).contains("status=bounced (unknown user: \"nosuchuser\")")
                        .contains("to=<" + verp.envelopeFrom(messageId, "news@acme.example") + ">");
            }
        } finally {
            if (postfix != null) {
                postfix.close();
                assertThat(PrivatePostfix.isStopped(postfix)).as("no Postfix master left running").isTrue();
            }
        }
    }

    private static Bounce awaitBounce(Bounces bounces, PrivatePostfix postfix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Bounce> found = bounces.list(false, 0, 10);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = bounces.list(false, 0, 10);
        }
        assertThat(found).as("bounces received; Postfix's log:\n%s", postfix.log()).hasSize(1);
        return found.get(0);
    }
}
