package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the send pipeline writes to the message tracking log, read back from the files. */
@Tag("storage")
class DeliveryEventsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String HTML = "<p>Hello {{default first_name \"there\"}}, see <a href=\"https://acme.example/pumps\">pumps</a></p>";

    @TempDir
    Path dir;

    private TrackingLog log;
    private Sending sending;
    private long customers;
    private long partners;

    @BeforeEach
    void setUp() {
        log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        customers = list(DB.jdbi(), "customers");
        partners = list(DB.jdbi(), "partners");
    }

    @AfterEach
    void tearDown() {
        if (sending != null) {
            sending.close();
        }
        log.close();
    }

    @Test
    void campaignStartLogsExpansionSubmissionsDuplicatesAndSuppressedContacts() {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers, partners);
        contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", customers);
        contact(DB.jdbi(), "cara@example.com", "Cara", "active", "{}", partners);
        contact(DB.jdbi(), "dan@example.com", "Dan", "unsubscribed", "{}", customers);
        contact(DB.jdbi(), "eve@example.com", "Eve", "bounced", "{}", partners, customers);
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        long id = campaign();

        sending.delivery().send(id);
        List<Row> rows = rows();

        assertThat(only(rows, "EXPAND")).extracting(r -> r.get("related-recipient-address"), Row::recipients, r -> r.get("recipient-count"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customers", List.of("anna@example.com", "ben@example.com"), "2"),
                        org.assertj.core.groups.Tuple.tuple("partners", List.of("cara@example.com"), "1"));
        assertThat(only(rows, "EXPAND")).allSatisfy(r -> {
            assertThat(r.get("source")).isEqualTo("ROUTING");
            assertThat(r.file()).startsWith("MSGTRK2");
        });
        Map<String, Long> messageIds = DB.jdbi().withHandle(h -> h.createQuery("SELECT email, id FROM message WHERE campaign_id = :c")
                .bind("c", id).setMapKeyColumn("email").setMapValueColumn("id").collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, Long>>() { }));
        List<Row> submits = only(rows, "SUBMIT");
        assertThat(submits).extracting(r -> r.recipients().get(0)).containsExactlyInAnyOrder("anna@example.com", "ben@example.com", "cara@example.com");
        for (Row s : submits) {
            String email = s.recipients().get(0);
            UUID network = network(messageIds.get(email));
            assertThat(s.file()).startsWith("MSGTRKMS");
            assertThat(s.get("source")).isEqualTo("STOREDRIVER");
            assertThat(s.get("internal-message-id")).isEqualTo(String.valueOf(messageIds.get(email)));
            assertThat(s.get("network-message-id")).isEqualTo(network.toString());
            assertThat(s.get("message-id")).isEqualTo("<" + network + "@acme.example>");
            assertThat(s.get("sender-address")).isEqualTo("news@acme.example");
            assertThat(s.customData()).containsEntry("CampaignId", String.valueOf(id));
        }
        Row duplicate = only(rows, "DUPLICATEEXPAND").get(0);
        assertThat(duplicate.recipients()).containsExactly("anna@example.com");
        assertThat(duplicate.get("related-recipient-address")).isEqualTo("partners");
        assertThat(duplicate.get("internal-message-id")).isEqualTo(String.valueOf(messageIds.get("anna@example.com")));
        assertThat(only(rows, "DUPLICATEEXPAND")).hasSize(1);
        assertThat(only(rows, "SUPPRESSED")).extracting(r -> r.recipients().get(0), r -> r.customData().get("Reason"), Row::recipientStatus)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("dan@example.com", "unsubscribed", List.of("not sent: the contact is unsubscribed")),
                        org.assertj.core.groups.Tuple.tuple("eve@example.com", "bounced", List.of("not sent: the contact is bounced")));
    }

    @Test
    void expandsABigListInEventsOfAHundredRecipients() {
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 250) g");
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact", customers);
        });
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        sending.delivery().send(campaign());

        List<Row> rows = rows();
        assertThat(only(rows, "EXPAND")).extracting(r -> r.get("recipient-count")).containsExactly("100", "100", "50");
        assertThat(only(rows, "SUBMIT")).hasSize(250);
    }

    @Test
    void handOffToTheRelayIsASendWithItsReplyConnectorSizeAndOriginationTime() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        long id = campaign();
        sending.start().delivery().send(id);
        sending.awaitStatus(id, "sent");

        Row send = only(rows(), "SEND").get(0);
        int port = MAIL.getSmtp().getPort();
        assertThat(send.file()).startsWith("MSGTRK2");
        assertThat(send.get("source")).isEqualTo("SMTP");
        assertThat(send.recipients()).containsExactly("anna@example.com");
        assertThat(send.recipientStatus().get(0)).startsWith("250 ");
        assertThat(send.get("server-hostname")).isEqualTo("127.0.0.1");
        assertThat(send.get("server-ip")).isEqualTo("127.0.0.1");
        assertThat(send.get("connector-id")).isEqualTo("Herald\\Outbound SMTP 127.0.0.1:" + port);
        assertThat(send.get("message-subject")).isEqualTo("Hello Anna");
        assertThat(Long.parseLong(send.get("total-bytes"))).isBetween(500L, 20_000L);
        assertThat(send.get("return-path")).isEqualTo("news@acme.example");
        String queuedAt = DB.jdbi().withHandle(h -> h.createQuery(
                "SELECT to_char(queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM message WHERE campaign_id = :c")
                .bind("c", id).mapTo(String.class).one());
        assertThat(send.get("message-info")).isEqualTo(queuedAt);
        Row submit = only(rows(), "SUBMIT").get(0);
        assertThat(send.get("internal-message-id")).isEqualTo(submit.get("internal-message-id"));
        assertThat(send.get("message-id")).isEqualTo(submit.get("message-id"));
    }

    @Test
    void aPermanentRejectionIsAFailWithTheRelaysReply() throws Exception {
        contact(DB.jdbi(), "gone@example.com", "Gone", "active", "{}", customers);
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of("gone@example.com"), 0)) {
            sending = new Sending(DB.jdbi(), relay.port(), log);
            long id = campaign();
            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
        }
        List<Row> rows = rows();
        assertThat(only(rows, "DEFER")).isEmpty();
        assertThat(only(rows, "FAIL")).singleElement().satisfies(r -> {
            assertThat(r.get("source")).isEqualTo("SMTP");
            assertThat(r.recipientStatus()).containsExactly("550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");
        });
    }

    @Test
    void anUnreachableRelayIsADeferThenAFailWhenTheRetryScheduleIsUsedUp() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        sending = new Sending(DB.jdbi(), closedPort, log).retrying(Duration.ofSeconds(1));
        long id = campaign();
        sending.start().delivery().send(id);
        sending.awaitStatus(id, "sent");

        List<Row> rows = rows();
        assertThat(rows).extracting(Row::eventId).filteredOn(e -> e.equals("DEFER") || e.equals("FAIL")).containsExactly("DEFER", "FAIL");
        assertThat(only(rows, "FAIL").get(0).recipientStatus().get(0)).startsWith("cannot connect to SMTP server 127.0.0.1:" + closedPort);
        assertThat(only(rows, "DEFER").get(0).recipientStatus().get(0)).startsWith("cannot connect to SMTP server 127.0.0.1:" + closedPort);
    }

    @Test
    void aTemporaryFailureIsADeferEachTimeThenAFailWithTheLastReply() throws Exception {
        contact(DB.jdbi(), "busy@example.com", "Busy", "active", "{}", customers);
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).script("busy@example.com", 451, 421, 451)) {
            sending = new Sending(DB.jdbi(), relay.port(), log).retrying(Duration.ofSeconds(1), Duration.ofSeconds(1));
            long id = campaign();
            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
        }
        List<Row> rows = rows();
        assertThat(rows).extracting(Row::eventId).filteredOn(e -> e.equals("DEFER") || e.equals("FAIL") || e.equals("SEND"))
                .containsExactly("DEFER", "DEFER", "FAIL");
        assertThat(only(rows, "DEFER")).extracting(r -> r.recipientStatus().get(0))
                .allSatisfy(s -> assertThat(s).matches("4\\d\\d .*scripted reply.*"));
        assertThat(only(rows, "FAIL").get(0).recipientStatus().get(0)).startsWith("451 ");
    }

    @Test
    void aDeferredMessageThatGoesThroughOnTheRetryIsADeferThenASend() throws Exception {
        contact(DB.jdbi(), "busy@example.com", "Busy", "active", "{}", customers);
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).script("busy@example.com", 451, 250)) {
            sending = new Sending(DB.jdbi(), relay.port(), log).retrying(Duration.ofSeconds(1), Duration.ofSeconds(1));
            long id = campaign();
            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
        }
        List<Row> rows = rows();
        assertThat(rows).extracting(Row::eventId).filteredOn(e -> e.equals("DEFER") || e.equals("FAIL") || e.equals("SEND"))
                .containsExactly("DEFER", "SEND");
        assertThat(only(rows, "SEND").get(0).get("internal-message-id")).isEqualTo(only(rows, "DEFER").get(0).get("internal-message-id"));
    }

    @Test
    void testSendsHaveTheSameEventsMarkedAsTests() {
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        long id = campaign();
        sending.delivery().testSend(id, List.of("boss@acme.example"));

        List<Row> rows = rows();
        assertThat(rows).extracting(Row::eventId).containsExactly("SEND", "SUBMIT"); // MSGTRK sorts before MSGTRKMS
        assertThat(rows).allSatisfy(r -> assertThat(r.customData()).containsEntry("Kind", "Test"));
        assertThat(only(rows, "SUBMIT").get(0).get("source-context")).contains("ClientType:Test");
    }

    @Test
    void aMessageThatCannotBeBuiltForItsRecipientIsASubmitFail() {
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        long id = campaign();
        // templates are checked when saved; a broken one can only come from outside the API
        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET html = '{{#if first_name}}unclosed', updated_at = now() WHERE id = ?", id));
        sending.delivery().testSend(id, List.of("boss@acme.example"));

        Row fail = only(rows(), "SUBMITFAIL").get(0);
        assertThat(fail.file()).startsWith("MSGTRKMS");
        assertThat(fail.recipientStatus().get(0)).startsWith("not sent: campaign " + id + " has a template error");
        assertThat(only(rows(), "SEND")).isEmpty();
    }

    @Test
    void aContactWhoUnsubscribedAfterTheStartIsSuppressedWhenItsTurnComes() throws Exception {
        long anna = contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
        long id = campaign();
        sending.delivery().send(id);
        DB.jdbi().useHandle(h -> h.execute("UPDATE contact SET status = 'unsubscribed' WHERE id = ?", anna));
        sending.start();
        sending.awaitStatus(id, "sent");

        Row suppressed = only(rows(), "SUPPRESSED").get(0);
        assertThat(suppressed.recipientStatus()).containsExactly("not sent: the contact is unsubscribed");
        assertThat(suppressed.get("internal-message-id")).isEqualTo(only(rows(), "SUBMIT").get(0).get("internal-message-id"));
        assertThat(only(rows(), "SEND")).isEmpty();
    }

    private long campaign() {
        return sending.campaigns.create(draft("Hello {{default first_name \"there\"}}", HTML, customers, partners));
    }

    private UUID network(long messageId) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT network_message_id FROM message WHERE id = :id").bind("id", messageId)
                .mapTo(UUID.class).one());
    }

    private List<Row> rows() {
        log.flush();
        return WrittenLog.rows(dir);
    }

    private static List<Row> only(List<Row> rows, String eventId) {
        return rows.stream().filter(r -> r.eventId().equals(eventId)).toList();
    }
}
