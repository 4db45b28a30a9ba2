package app.herald.domain;

import app.herald.tracelog.TrackingLog;
import app.herald.delivery.Outbound;
import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.SmtpPool;
import app.herald.store.TestDatabase;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages sent through the real dispatcher and SMTP into GreenMail verify with an independent verifier. */
@Tag("storage")
class SignedDeliveryTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String HTML = "<p>Grüße, {{default first_name \"there\"}}! See <a href=\"https://acme.example/tea\">our tea</a>.</p>";

    private static byte[] received(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void campaignMailSentThroughTheDispatcherVerifiesWithBothSignatures() throws Exception {
        SendingDomains domains = new SendingDomains(DB.jdbi());
        List<DkimKey> keys = domains.addKeys("acme.example", "h1", Set.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256));
        long customers = list(DB.jdbi(), "customers");
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        contact(DB.jdbi(), "ben@example.com", "Bén", "active", "{}", customers);
        Campaigns campaigns = new Campaigns(DB.jdbi());
        long id = campaigns.create(draft("Frühlingstee für {{default first_name \"Sie\"}} – 春茶", HTML, Optional.empty(), List.of(customers)));
        MessageRenderer renderer = new MessageRenderer(DB.jdbi(), CampaignFixtures.URLS);
        DkimSigning dkim = new DkimSigning(domains, Optional.empty());

        try (SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", MAIL.getSmtp().getPort(), Optional.empty(),
                Optional.empty(), HeraldConfig.Tls.NONE, 2));
             Dispatcher dispatcher = Dispatcher.start(DB.jdbi(), campaigns, renderer, pool, Outbound.signedBy(dkim), TrackingLog.disabled())) {
            new Delivery(DB.jdbi(), campaigns, renderer, pool, dispatcher, Outbound.signedBy(dkim), TrackingLog.disabled()).send(id);
            assertThat(MAIL.waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 2)).isTrue();
        }

        MimeMessage[] messages = MAIL.getReceivedMessages();
        assertThat(messages).hasSize(2);
        for (MimeMessage m : messages) {
            byte[] raw = received(m);
            IndependentVerifier.Result r = IndependentVerifier.verify(raw, IndependentVerifier.records(keys));
            assertThat(r.signatures()).as(r.log()).containsExactly(
                    "0 pass a=rsa-sha256 d=acme.example s=h1-rsa",
                    "1 pass a=ed25519-sha256 d=acme.example s=h1-ed25519");
            String text = new String(raw, StandardCharsets.UTF_8);
            assertThat(text).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
            assertThat(DkimSignerTest.tag(text.substring(text.indexOf("DKIM-Signature:")), "h"))
                    .contains("list-unsubscribe", "list-unsubscribe-post", "reply-to", "message-id", "content-type");
        }
    }

    @Test
    void testSendIsSignedWithTheParentDomainsKeysAndTamperingIsDetected() throws Exception {
        SendingDomains domains = new SendingDomains(DB.jdbi());
        List<DkimKey> keys = domains.addKeys("example.com", "h1", Set.of(DkimAlgorithm.ED25519_SHA256));
        long customers = list(DB.jdbi(), "customers");
        Campaigns campaigns = new Campaigns(DB.jdbi());
        long id = campaigns.create(new app.herald.campaign.CampaignDraft("Offer", "Hello", "Shop", "shop@news.example.com",
                Optional.empty(), HTML, Optional.empty(), List.of(customers)));
        MessageRenderer renderer = new MessageRenderer(DB.jdbi(), CampaignFixtures.URLS);
        DkimSigning dkim = new DkimSigning(domains, Optional.empty());

        try (SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", MAIL.getSmtp().getPort(), Optional.empty(),
                Optional.empty(), HeraldConfig.Tls.NONE, 1));
             Dispatcher dispatcher = Dispatcher.start(DB.jdbi(), campaigns, renderer, pool, Outbound.signedBy(dkim), TrackingLog.disabled())) {
            new Delivery(DB.jdbi(), campaigns, renderer, pool, dispatcher, Outbound.signedBy(dkim), TrackingLog.disabled()).testSend(id, List.of("me@example.org"));
        }

        byte[] raw = received(MAIL.getReceivedMessages()[0]);
        Map<String, String> dns = IndependentVerifier.records(keys);
        assertThat(IndependentVerifier.verify(raw, dns).signatures()).containsExactly("0 pass a=ed25519-sha256 d=example.com s=h1");
        String tampered = new String(raw, StandardCharsets.UTF_8).replace("our tea", "our TEA");
        assertThat(IndependentVerifier.verify(tampered.getBytes(StandardCharsets.UTF_8), dns).signatures())
                .containsExactly("0 fail a=ed25519-sha256 d=example.com s=h1");
    }

    @Test
    void signerIsLookedUpByDomainThenParentThenFallbackAndRefreshedAfterAMinute() {
        SendingDomains domains = new SendingDomains(DB.jdbi());
        domains.addKeys("example.com", "h1", Set.of(DkimAlgorithm.ED25519_SHA256));
        domains.addKeys("mail.example.net", "h1", Set.of(DkimAlgorithm.ED25519_SHA256));
        AtomicLong now = new AtomicLong();
        DkimSigning dkim = new DkimSigning(Optional.of(domains), Optional.of("mail.example.net"), now::get);

        assertThat(dkim.signerFor("example.com").map(DkimSigner::domain)).contains("example.com");
        assertThat(dkim.signerFor("news.example.com").map(DkimSigner::domain)).contains("example.com");
        assertThat(dkim.signerFor("acme.example").map(DkimSigner::domain)).contains("mail.example.net");
        assertThat(DkimSigning.none().signerFor("example.com")).isEmpty();

        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256));
        assertThat(dkim.signerFor("news.example.com").map(DkimSigner::domain)).as("cached").contains("example.com");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(dkim.signerFor("news.example.com").map(DkimSigner::domain)).contains("news.example.com");
    }

    @Test
    void mailFromADomainWithoutKeysHasNoSigner() {
        DkimSigning dkim = new DkimSigning(new SendingDomains(DB.jdbi()), Optional.empty());

        assertThat(dkim.signerFor("acme.example")).isEmpty();
    }
}
