package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.bounce.SentMessages.Sent;
import app.herald.store.TestDatabase;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Polling a real IMAP and POP3 server (GreenMail). */
@Tag("storage")
class MailboxPollerTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP));

    private Audience audience;
    private Bounces bounces;
    private GreenMailUser mailbox;

    @BeforeEach
    void setUp() {
        audience = new Audience(DB.jdbi());
        bounces = new Bounces(DB.jdbi(), audience, SentMessages.RETURN_PATH, 3, Duration.ofDays(7));
        // the password needs %-encoding in the URL; the poller must decode it
        mailbox = MAIL.setUser("bounces@bounces.acme.example", "bounces", "p@ss:w/rd");
    }

    private void deliver(byte[] raw) throws Exception {
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    private URI url(String scheme, int port) {
        return URI.create(scheme + "://bounces:p%40ss%3Aw%2Frd@127.0.0.1:" + port + "/INBOX");
    }

    @Test
    void takesEveryReportFromAnImapMailboxAndDeletesIt() throws Exception {
        SentMessages sent = new SentMessages(DB.jdbi());
        Sent hard = sent.to("ana@example.org");
        Sent complained = sent.to("bo@example.org");
        deliver(hard.report("dsn-hard.eml"));
        deliver(complained.report("arf-abuse.eml"));
        MailboxPoller poller = MailboxPoller.manual(bounces, DB.jdbi(), url("imap", MAIL.getImap().getPort()));

        assertThat(poller.poll()).isEqualTo(2);

        assertThat(bounces.list(false, 0, 10)).extracting(b -> b.source() + " " + b.classification() + " " + b.messageId().orElseThrow())
                .containsExactlyInAnyOrder("imap hard " + hard.id(), "imap complaint " + complained.id());
        assertThat(sent.contactStatus(hard.contactId())).isEqualTo("bounced");
        assertThat(sent.contactStatus(complained.contactId())).isEqualTo("complained");
        assertThat(MAIL.getReceivedMessages()).as("left in the mailbox").isEmpty();
        assertThat(poller.poll()).isZero();
    }

    @Test
    void takesEveryReportFromAPop3MailboxAndDeletesIt() throws Exception {
        Sent m = new SentMessages(DB.jdbi()).to("ana@example.org");
        deliver(m.report("qmail.eml"));
        MailboxPoller poller = MailboxPoller.manual(bounces, DB.jdbi(), url("pop3", MAIL.getPop3().getPort()));

        assertThat(poller.poll()).isEqualTo(1);

        assertThat(bounces.list(false, 0, 10)).singleElement().satisfies(b -> {
            assertThat(b.source()).isEqualTo("pop3");
            assertThat(b.format()).isEqualTo("qmail");
            assertThat(b.messageId()).contains(m.id());
        });
        assertThat(audience.suppressionOf(m.email())).isPresent();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void leavesTheMailboxAloneWhileAnotherNodeIsPollingIt() throws Exception {
        deliver(new SentMessages(DB.jdbi()).to("ana@example.org").report("dsn-hard.eml"));
        MailboxPoller poller = MailboxPoller.manual(bounces, DB.jdbi(), url("imap", MAIL.getImap().getPort()));

        try (Handle otherNode = DB.jdbi().open()) {
            otherNode.execute("SELECT pg_advisory_lock(?)", 0x48524c44424e4345L);
            assertThat(poller.poll()).isZero();
            otherNode.execute("SELECT pg_advisory_unlock(?)", 0x48524c44424e4345L);
        }

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(poller.poll()).isEqualTo(1);
    }

    @Test
    void startPollsAtOnceAndThenAtItsInterval() throws Exception {
        Sent m = new SentMessages(DB.jdbi()).to("ana@example.org");
        deliver(m.report("exim.eml"));

        try (MailboxPoller poller = MailboxPoller.start(bounces, DB.jdbi(), url("imap", MAIL.getImap().getPort()), Duration.ofMillis(200))) {
            awaitBounces(1);
            deliver(m.report("dsn-delayed.eml"));
            awaitBounces(2);
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    private void awaitBounces(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bounces.list(false, 0, 10).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(bounces.list(false, 0, 10)).hasSize(n);
    }
}
