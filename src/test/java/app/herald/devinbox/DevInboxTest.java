package app.herald.devinbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DevInboxTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static DevInbox inbox;

    @BeforeAll
    static void start() {
        inbox = DevInbox.start(DB.jdbi(), 0, TrackingLog.disabled());
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void listensOnTheActualPortWhenAskedForAnyFreeOne() {
        assertThat(inbox.port()).isPositive();
    }

    @Test
    void capturesEnvelopeAndDecodesAChineseSubject() throws Exception {
        MimeMessage m = message("本周特价：绿茶 20% off");
        m.setRecipients(Message.RecipientType.TO, "ann@example.com, bob@example.com");
        Transport.send(m);

        InboxMessage captured = inbox.latest(10).getFirst();
        assertThat(captured.from()).isEqualTo("sales@shop.example");
        assertThat(captured.to()).containsExactly("ann@example.com", "bob@example.com");
        assertThat(captured.subject()).contains("本周特价：绿茶 20% off");
        assertThat(inbox.get(captured.id())).isEqualTo(captured);
        assertThat(new String(inbox.raw(captured.id()), StandardCharsets.US_ASCII)).contains("Subject: =?UTF-8?");
    }

    @Test
    void listsTheNewestMessageFirst() throws Exception {
        Transport.send(message("first"));
        Transport.send(message("second"));

        assertThat(inbox.latest(10)).extracting(m -> m.subject().orElseThrow()).containsExactly("second", "first");
        assertThat(inbox.latest(1)).hasSize(1);
    }

    @Test
    void rendersHtmlTextAndHeadersOfAMultipartAlternativeMessage() throws Exception {
        MimeMessage m = message("Weekly special");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hello Ann, 你好", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hello <b>Ann</b>, 你好</p>", "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.setHeader("List-Unsubscribe", "<https://t.example/t/u/abc>, <mailto:unsubscribe@shop.example>");
        Transport.send(m);

        RenderedMail mail = inbox.render(inbox.latest(1).getFirst().id());
        assertThat(mail.from()).isEqualTo("Shop <sales@shop.example>");
        assertThat(mail.to()).isEqualTo("ann@example.com");
        assertThat(mail.subject()).isEqualTo("Weekly special");
        assertThat(mail.messageId()).startsWith("<").endsWith(">");
        assertThat(mail.source()).contains("Message-ID: " + mail.messageId());
        assertThat(mail.date()).isPresent();
        assertThat(mail.html().orElseThrow()).isEqualTo("<p>Hello <b>Ann</b>, 你好</p>");
        assertThat(mail.text().orElseThrow()).isEqualTo("Hello Ann, 你好");
        assertThat(mail.header("list-unsubscribe")).contains("<https://t.example/t/u/abc>, <mailto:unsubscribe@shop.example>");
        assertThat(mail.source()).contains("List-Unsubscribe:").contains("multipart/alternative");
    }

    @Test
    void rendersAPlainTextMessageWithoutHtml() throws Exception {
        Transport.send(message("Plain"));

        RenderedMail mail = inbox.render(inbox.latest(1).getFirst().id());
        assertThat(mail.html()).isEmpty();
        assertThat(mail.text().orElseThrow()).startsWith("Body of Plain");
    }

    @Test
    void rejectsAMessageOverTenMegabytesWith552AndStoresNothing() throws Exception {
        MimeMessage m = message("too big");
        m.setText("x".repeat(DevInbox.MAX_MESSAGE_BYTES + 1));

        assertThatThrownBy(() -> Transport.send(m))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(smtpFailure(e).getReturnCode()).isEqualTo(552));
        assertThat(inbox.latest(10)).isEmpty();
    }

    @Test
    void keepsAcceptingMessagesAfterRejectingAnOversizedOne() throws Exception {
        MimeMessage big = message("too big");
        big.setText("y".repeat(DevInbox.MAX_MESSAGE_BYTES + 100));
        assertThatThrownBy(() -> Transport.send(big)).isInstanceOf(MessagingException.class);

        Transport.send(message("small"));

        assertThat(inbox.latest(10)).extracting(m -> m.subject().orElseThrow()).containsExactly("small");
    }

    @Test
    void clearDeletesEveryMessage() throws Exception {
        Transport.send(message("one"));
        Transport.send(message("two"));

        assertThat(inbox.clear()).isEqualTo(2);
        assertThat(inbox.latest(10)).isEmpty();
    }

    @Test
    void reportsAnUnknownIdAsNotFound() {
        assertThatThrownBy(() -> inbox.render(424242)).isInstanceOf(NotFoundException.class).hasMessageContaining("424242");
        assertThatThrownBy(() -> inbox.get(424242)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rejectsAnOutOfRangeLimit() {
        assertThatThrownBy(() -> inbox.latest(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    private static MimeMessage message(String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(inbox.port()));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("sales@shop.example", "Shop", "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, "ann@example.com");
        m.setSubject(subject, "UTF-8");
        m.setText("Body of " + subject, "UTF-8");
        return m;
    }

    private static SMTPSendFailedException smtpFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException me ? me.getNextException() : t.getCause()) {
            if (t instanceof SMTPSendFailedException s) {
                return s;
            }
        }
        throw new AssertionError("no SMTP failure in " + e, e);
    }
}
