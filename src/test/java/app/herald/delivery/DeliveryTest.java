package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.store.TestDatabase;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DeliveryTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String HTML = "<p>Hello {{default first_name \"there\"}}, see <a href=\"https://acme.example/pumps?c=1\">pumps</a></p>";

    private Sending sending;
    private long customers;
    private long partners;

    @BeforeEach
    void setUp() {
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort());
        customers = list(DB.jdbi(), "customers");
        partners = list(DB.jdbi(), "partners");
    }

    @AfterEach
    void tearDown() {
        sending.close();
    }

    private long campaign() {
        return sending.campaigns.create(draft("Hello {{default first_name \"there\"}}", HTML, customers, partners));
    }

    @Test
    void deliversOnePersonalisedMessagePerActiveContactOnAnyTargetList() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers, partners);
        contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", customers);
        contact(DB.jdbi(), "cara@example.com", null, "active", "{}", partners);
        contact(DB.jdbi(), "dan@example.com", "Dan", "unsubscribed", "{}", customers);
        contact(DB.jdbi(), "eve@example.com", "Eve", "bounced", "{}", partners);
        contact(DB.jdbi(), "fay@example.com", "Fay", "complained", "{}", customers);
        long other = list(DB.jdbi(), "other");
        contact(DB.jdbi(), "gus@example.com", "Gus", "active", "{}", other);
        long id = campaign();

        sending.start().delivery().send(id);
        sending.awaitStatus(id, "sent");

        MimeMessage[] received = MAIL.getReceivedMessages();
        Map<String, MimeMessage> byRecipient = Arrays.stream(received).collect(Collectors.toMap(DeliveryTest::to, m -> m));
        assertThat(received).hasSize(3);
        assertThat(byRecipient.keySet()).containsExactlyInAnyOrder("anna@example.com", "ben@example.com", "cara@example.com");
        assertThat(byRecipient.get("anna@example.com").getSubject()).isEqualTo("Hello Anna");
        assertThat(byRecipient.get("cara@example.com").getSubject()).isEqualTo("Hello there");

        List<Map<String, Object>> rows = DB.jdbi().withHandle(h -> h.createQuery("""
                SELECT email, status, smtp_reply, message_id_header, network_message_id::text AS nid, sent_at,
                       EXISTS (SELECT 1 FROM message_queue q WHERE q.message_id = message.id) AS in_queue
                FROM message WHERE campaign_id = :c""").bind("c", id).mapToMap().list());
        assertThat(rows).hasSize(3);
        for (Map<String, Object> row : rows) {
            MimeMessage m = byRecipient.get((String) row.get("email"));
            assertThat(row.get("status")).isEqualTo("sent");
            assertThat((String) row.get("smtp_reply")).startsWith("250");
            assertThat(row.get("sent_at")).isNotNull();
            assertThat(row.get("in_queue")).isEqualTo(false);
            assertThat(m.getMessageID()).isEqualTo(row.get("message_id_header")).endsWith("@acme.example>");
            assertThat(m.getHeader("X-Herald-Message", null)).isEqualTo(row.get("nid"));
            assertStructure(m);
        }
        assertThat(sending.count("SELECT recipients FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(3);
        assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(3);
        assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
        assertThat(sending.campaigns.get(id).finishedAt()).isPresent();
    }

    @Test
    void startingACampaignRefreshesThePlannersStatisticsOfTheQueue() throws Exception {
        contact(DB.jdbi(), "hal@example.com", "Hal", "active", "{}", customers);
        long id = campaign();
        long before = analysesOfQueue();

        sending.start().delivery().send(id);

        assertThat(analysesOfQueue()).isGreaterThan(before);
        sending.awaitStatus(id, "sent");
    }

    /** ANALYZE statements on the queue table so far (autovacuum's are counted apart). */
    private static long analysesOfQueue() {
        return DB.jdbi().withHandle(h -> h.createQuery("""
                SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'message_queue' AND schemaname = current_schema()""")
                .mapTo(Long.class).one());
    }

    private static void assertStructure(MimeMessage m) throws Exception {
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("pumps (https://acme.example/pumps?c=1)");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("https://t.example.com/t/c/").contains("/t/o/");
        String listUnsubscribe = m.getHeader("List-Unsubscribe", null).replaceAll("\\s+", " ");
        assertThat(listUnsubscribe).matches("<https://t\\.example\\.com/t/u/[A-Za-z0-9_-]{40}>, <mailto:unsubscribe\\+[A-Za-z0-9_-]{40}@acme\\.example>");
        assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("news@acme.example");
        assertThat(from.getPersonal()).isEqualTo("Anna from Acme");
        assertThat(m.getSentDate()).isNotNull();
    }

    private static String to(MimeMessage m) {
        try {
            return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesToSendACampaignTwice() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        long id = campaign();
        Delivery delivery = sending.start().delivery();
        delivery.send(id);

        assertThatThrownBy(() -> delivery.send(id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("campaign " + id + " is s")
                .hasMessageContaining("only a draft campaign can be sent");
        sending.awaitStatus(id, "sent");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aCampaignWithoutRecipientsIsSentAtOnce() throws Exception {
        contact(DB.jdbi(), "dan@example.com", "Dan", "unsubscribed", "{}", customers);
        long id = campaign();

        sending.delivery().send(id);

        assertThat(sending.campaignStatus(id)).isEqualTo("sent");
        assertThat(sending.count("SELECT recipients FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
    }

    @Test
    void doesNotSendToAContactWhoUnsubscribedAfterTheStart() throws Exception {
        long anna = contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", customers);
        long id = campaign();
        sending.delivery().send(id);

        DB.jdbi().useHandle(h -> h.execute("UPDATE contact SET status = 'unsubscribed' WHERE id = ?", anna));
        sending.start();
        sending.awaitStatus(id, "sent");

        assertThat(Arrays.stream(MAIL.getReceivedMessages()).map(DeliveryTest::to)).containsExactly("ben@example.com");
        String reply = DB.jdbi().withHandle(h -> h.createQuery("SELECT status || ': ' || smtp_reply FROM message WHERE contact_id = :a")
                .bind("a", anna).mapTo(String.class).one());
        assertThat(reply).isEqualTo("failed: not sent: the contact is unsubscribed");
    }

    @Test
    void testSendPersonalisesWithTheMatchingContactAndLeavesTheCampaignAlone() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        long id = campaign();
        Delivery delivery = sending.delivery();

        List<Long> ids = delivery.testSend(id, List.of("ANNA@example.com", "boss@acme.example"));

        assertThat(delivery.messages(ids)).extracting(MessageRecord::email, MessageRecord::kind, MessageRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ANNA@example.com", MessageRecord.Kind.TEST, MessageRecord.Status.SENT),
                        org.assertj.core.groups.Tuple.tuple("boss@acme.example", MessageRecord.Kind.TEST, MessageRecord.Status.SENT));
        assertThat(delivery.messages(ids)).allSatisfy(m -> assertThat(m.smtpReply().orElseThrow()).startsWith("250"));
        Map<String, String> subjects = Arrays.stream(MAIL.getReceivedMessages()).collect(Collectors.toMap(DeliveryTest::to, m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(subjects).containsExactlyInAnyOrderEntriesOf(Map.of("ANNA@example.com", "Hello Anna", "boss@acme.example", "Hello there"));
        assertThat(sending.campaignStatus(id)).isEqualTo("draft");
        assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
    }

    @Test
    void testSendRefusesAnInvalidAddress() {
        long id = campaign();

        assertThatThrownBy(() -> sending.delivery().testSend(id, List.of("ok@example.com", "not an address")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'not an address' is not a valid e-mail address");
    }

    @Test
    void messagesWhoseLeaseExpiredAreSentByAnotherNode() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        long id = campaign();
        sending.delivery().send(id);
        DB.jdbi().useHandle(h -> h.execute("""
                UPDATE message_queue SET lease_owner = 'dead-node:1', lease_until = now() - interval '1 second'
                WHERE campaign_id = ?""", id));

        sending.start();
        sending.awaitStatus(id, "sent");

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
    }

    @Test
    void keepsTheCountersOfSeveralCampaignsApart() throws Exception {
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers);
        contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", partners);
        long first = sending.campaigns.create(draft("First", HTML, customers));
        long second = sending.campaigns.create(draft("Second", HTML, customers, partners));
        Delivery delivery = sending.start().delivery();

        delivery.send(first);
        delivery.send(second);
        sending.awaitStatus(first, "sent");
        sending.awaitStatus(second, "sent");

        assertThat(MAIL.getReceivedMessages()).hasSize(3);
        assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", first)).isEqualTo(1);
        assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", second)).isEqualTo(2);
    }
}
