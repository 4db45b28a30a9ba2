package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.bounce.ReturnPath;
import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.MessageRenderer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class SendPathWarmUpTest {
    /** A renderer whose database cannot be reached: its detached copy must not need one. */
    private static final MessageRenderer NO_DATABASE = new MessageRenderer(
            Jdbi.create("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1"), CampaignFixtures.URLS);

    @Test
    void preparesTrackedSamplesInBothEncodingsWithoutADatabase() throws Exception {
        MessageRenderer detached = NO_DATABASE.detached();
        MimeMessages mime = new MimeMessages();

        String english = new String(SendPathWarmUp.prepare(detached, mime, ReturnPath.fromAddress(), SendPathWarmUp.ENGLISH, 7)
                .bytes(), StandardCharsets.UTF_8);
        String chinese = new String(SendPathWarmUp.prepare(detached, mime, ReturnPath.fromAddress(), SendPathWarmUp.CHINESE, 8)
                .bytes(), StandardCharsets.UTF_8);

        assertThat(english).contains("Content-Transfer-Encoding: quoted-printable").contains("/t/o/").contains("/t/c/");
        assertThat(chinese).contains("Content-Transfer-Encoding: base64").contains("Subject: =?UTF-8?");
        MimeMessage parsed = new MimeMessage(null, new ByteArrayInputStream(english.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.getSubject()).isEqualTo("First7, what is new at Company 7 this month");
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Hello First7,");
        // the English sample has its own unsubscribe link, the Chinese one gets the footer
        assertThat((String) parts.getBodyPart(1).getContent()).contains("Unsubscribe</a></td>");
        MimeMessage parsedChinese = new MimeMessage(null, new ByteArrayInputStream(chinese.getBytes(StandardCharsets.UTF_8)));
        String chineseHtml = (String) ((MimeMultipart) parsedChinese.getContent()).getBodyPart(1).getContent();
        assertThat(chineseHtml).contains("感谢您一直以来对Company 8的支持").contains(">Unsubscribe</a></p>");
    }

    @Test
    void writesEveryRoundsMessagesToANullWire() {
        long bytes = SendPathWarmUp.run(NO_DATABASE.detached(), ReturnPath.fromAddress(), 20);

        // 20 rounds of two messages of a few kilobytes each
        assertThat(bytes).isGreaterThan(20L * 2 * 2_000);
    }
}
