package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.bounce.SentMessages.Sent;
import app.herald.store.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class BounceListenerTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private Audience audience;
    private Bounces bounces;
    private BounceListener listener;

    @BeforeEach
    void start() {
        audience = new Audience(DB.jdbi());
        bounces = new Bounces(DB.jdbi(), audience, SentMessages.RETURN_PATH, 3, Duration.ofDays(7));
        listener = BounceListener.start(bounces, "bounces.acme.example", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void takesABounceForItsVerpAddressFromTheNullSenderAndActsOnIt() throws Exception {
        Sent m = new SentMessages(DB.jdbi()).to("ana@example.org");
        // the report itself is addressed to the from address: only the envelope names the message
        byte[] report = Fixtures.load("dsn-hard.eml", java.util.Map.of("VERP", "news@acme.example", "RECIPIENT", m.email(),
                "HERALD_ID", java.util.UUID.randomUUID().toString(), "MESSAGE_ID", "<x@example.net>"));

        try (SmtpDialog smtp = new SmtpDialog(listener.port())) {
            assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + m.verp().toUpperCase() + ">")).startsWith("250");
            assertThat(smtp.data(report)).startsWith("250").contains("stored as bounce");
            smtp.command("QUIT");
        }

        Bounce b = bounces.list(false, 0, 10).get(0);
        assertThat(b.source()).isEqualTo("smtp");
        assertThat(b.messageId()).contains(m.id());
        assertThat(b.classification()).isEqualTo("hard");
        assertThat(audience.suppressionOf(m.email())).isPresent();
    }

    @Test
    void refusesRecipientsAtAnyOtherDomain() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(listener.port())) {
            smtp.command("EHLO mx.example.net");
            smtp.command("MAIL FROM:<spammer@example.net>");

            assertThat(smtp.command("RCPT TO:<ana@example.org>"))
                    .isEqualTo("550 5.1.1 <ana@example.org>: this server takes mail for bounces.acme.example only");
            assertThat(smtp.command("RCPT TO:<postmaster@sub.bounces.acme.example>")).startsWith("550 5.1.1");
            assertThat(smtp.command("RCPT TO:<fbl@bounces.acme.example>")).startsWith("250");
        }
    }

    @Test
    void refusesAMessageAnnouncedAsLargerThanTenMegabytes() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(listener.port())) {
            assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
            assertThat(smtp.command("MAIL FROM:<> SIZE=" + (BounceListener.MAX_MESSAGE_BYTES + 1))).startsWith("552");
        }
    }

    @Test
    void keepsAnUnparsableReportItAccepted() throws Exception {
        try (SmtpDialog smtp = new SmtpDialog(listener.port())) {
            smtp.command("EHLO mx.example.net");
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<bounce+nonsense@bounces.acme.example>");
            assertThat(smtp.data("Subject: hello\r\n\r\njust some text\r\n".getBytes())).startsWith("250");
        }

        assertThat(bounces.list(true, 0, 10)).singleElement().satisfies(b -> {
            assertThat(b.classification()).isEqualTo("unparsed");
            assertThat(b.messageId()).isEmpty();
        });
    }
}
