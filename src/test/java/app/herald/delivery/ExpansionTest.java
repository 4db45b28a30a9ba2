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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign's audience queued chunk by chunk, with chunks of a few contacts so that a small
 * audience takes many: each member once, the tracking log complete, the campaign not sent before
 * its whole audience is, and an expansion left half done picked up by any dispatcher.
 */
@Tag("storage")
class ExpansionTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private TrackingLog log;
    private Expansion expansion;
    private Sending sending;
    private long customers;
    private long partners;
    private long staff;

    @BeforeEach
    void setUp() {
        log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        expansion = new Expansion(DB.jdbi(), new ExpansionEvents(DB.jdbi(), log), 3, 4);
        customers = list(DB.jdbi(), "customers");
        partners = list(DB.jdbi(), "partners");
        staff = list(DB.jdbi(), "staff");
        sending = new Sending(DB.jdbi(), MAIL.getSmtp().getPort(), log);
    }

    @AfterEach
    void tearDown() {
        sending.close();
        log.close();
    }

    @Test
    void queuesEachActiveUnsuppressedMemberOfTheTargetListsOnceAcrossManyChunks() {
        Audience audience = audience(60);
        long id = campaign();

        List<Expansion.Chunk> chunks = expandAll(id);

        assertThat(chunks.size()).isGreaterThan(10);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).after()).isEqualTo(chunks.get(i - 1).upto());
        }
        assertThat(chunks).filteredOn(Expansion.Chunk::last).singleElement().isEqualTo(chunks.getLast());
        List<String> queued = DB.jdbi().withHandle(h -> h.createQuery("SELECT email FROM message WHERE campaign_id = :c ORDER BY email")
                .bind("c", id).mapTo(String.class).list());
        assertThat(queued).doesNotHaveDuplicates().containsExactlyElementsOf(audience.recipients);
        assertThat(sending.count("SELECT recipients FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(audience.recipients.size());
        assertThat(chunks.getLast().recipients()).isEqualTo(audience.recipients.size());
        assertThat(sending.count("SELECT count(*) FROM campaign_expansion WHERE campaign_id = :c", id)).isZero();
    }

    @Test
    void theTrackingLogHoldsEveryChunksSubmissionsDuplicatesAndSuppressedContacts() {
        Audience audience = audience(40);
        long id = campaign();

        expandAll(id);
        log.flush();
        List<Row> rows = WrittenLog.rows(dir);

        assertThat(only(rows, "SUBMIT")).extracting(r -> r.recipients().getFirst()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(audience.recipients);
        assertThat(only(rows, "DUPLICATEEXPAND")).hasSize(audience.duplicates);
        assertThat(only(rows, "SUPPRESSED")).extracting(r -> r.recipients().getFirst())
                .containsExactlyInAnyOrderElementsOf(audience.suppressedEntries);
        assertThat(only(rows, "EXPAND")).filteredOn(r -> r.get("related-recipient-address").equals("customers"))
                .flatExtracting(Row::recipients).doesNotHaveDuplicates().hasSize(audience.customerRecipients);
        assertThat(only(rows, "EXPAND")).extracting(r -> r.get("related-recipient-address")).doesNotContain("staff");
    }

    @Test
    void aCampaignIsNotSentWhileItsAudienceIsStillBeingQueued() {
        audience(30);
        long id = campaign();
        MessageQueue queue = new MessageQueue(DB.jdbi(), Duration.ofMinutes(1));
        start(id);

        // every message queued so far has been sent, the rest of the audience is still to come
        DB.jdbi().useHandle(h -> sentAll(h, id));
        queue.finishCampaign(id);
        assertThat(sending.campaignStatus(id)).isEqualTo("sending");
        assertThat(queue.finishCampaigns()).doesNotContain(id);
        assertThat(sending.campaignStatus(id)).isEqualTo("sending");

        while (expansion.next().isPresent()) {
            DB.jdbi().useHandle(h -> sentAll(h, id));
        }
        queue.finishCampaign(id);
        assertThat(sending.campaignStatus(id)).isEqualTo("sent");
    }

    @Test
    void whatHangsOnADeletedCampaignContactOrMessageGoesWithItOrLetsGo() {
        audience(30);
        long id = campaign();
        long other = campaign();
        expandAll(id);
        expandAll(other);
        long message = sending.count("SELECT min(id) FROM message WHERE campaign_id = :c", id);
        long contact = sending.count("SELECT contact_id FROM message WHERE campaign_id = :c AND id = " + message, id);
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO tracking_event (message_id, campaign_id, kind, occurred_at) VALUES (?, ?, 'open', now())""", message, id));
        long queued = sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c", id);

        // a message deleted leaves the queue (and its events go, V20)
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM message WHERE id = ?", message));
        assertThat(sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c", id)).isEqualTo(queued - 1);
        assertThat(sending.count("SELECT count(*) FROM tracking_event WHERE campaign_id = :c", id)).isZero();

        // a contact deleted leaves its messages in other campaigns, without the contact
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM contact WHERE id = ?", contact));
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND contact_id = " + contact, other)).isZero();
        assertThat(sending.count("SELECT count(*) FROM message WHERE contact_id IS NULL AND campaign_id = :c", other)).isEqualTo(1);

        // a campaign deleted takes its messages and their queue rows
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM campaign WHERE id = ?", id));
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c", id)).isZero();
        assertThat(sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c", id)).isZero();
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c", other)).isGreaterThan(10);
    }

    @Test
    void queuedMessagesGetDistinctTimeOrderedNetworkIds() {
        audience(40);
        long id = campaign();
        long before = System.currentTimeMillis();
        expandAll(id);
        long after = System.currentTimeMillis();
        List<UUID> ids = DB.jdbi().withHandle(h -> h.createQuery("SELECT network_message_id FROM message WHERE campaign_id = :c ORDER BY id")
                .bind("c", id).mapTo(UUID.class).list());

        assertThat(ids).hasSizeGreaterThan(10).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(u -> {
            assertThat(u.version()).isEqualTo(7);
            assertThat(u.variant()).isEqualTo(2);
            // the first 48 bits are the Unix time in milliseconds
            assertThat(u.getMostSignificantBits() >>> 16).isBetween(before, after);
        });
        assertThat(ids).extracting(u -> u.getMostSignificantBits() >>> 16).isSorted();
    }

    @Test
    void aCampaignWhoseLastQueuedMessageWasErasedIsFinishedByTheSweep() {
        audience(12);
        long id = campaign();
        MessageQueue queue = new MessageQueue(DB.jdbi(), Duration.ofMinutes(1));
        expandAll(id);
        long erased = sending.count("SELECT min(message_id) FROM message_queue WHERE campaign_id = :c", id);
        DB.jdbi().useHandle(h -> {
            // everything sent but one message, which goes with its contact (erasure deletes messages, not counters)
            h.execute("UPDATE message SET status = 'sent' WHERE campaign_id = ? AND id <> ?", id, erased);
            h.execute("DELETE FROM message_queue WHERE campaign_id = ? AND message_id <> ?", id, erased);
            h.execute("UPDATE campaign_stats SET sent = recipients - 1 WHERE campaign_id = ?", id);
            h.execute("DELETE FROM message WHERE id = ?", erased);
        });

        // the counters never reach the recipients, so the check after each batch leaves it
        queue.finishCampaign(id);
        assertThat(sending.campaignStatus(id)).isEqualTo("sending");
        assertThat(queue.finishCampaigns()).contains(id);
        assertThat(sending.campaignStatus(id)).isEqualTo("sent");
    }

    @Test
    void aContactCreatedAfterTheStartIsNotPartOfTheAudience() {
        Audience audience = audience(20);
        long id = campaign();
        start(id);

        long late = contact(DB.jdbi(), "late@example.com", "Late", "active", "{}", customers);
        while (expansion.next().isPresent()) {
            // the rest of the audience
        }

        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND contact_id = " + late, id)).isZero();
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c", id)).isEqualTo(audience.recipients.size());
    }

    @Test
    void aNodeDoesNotQueueAChunkAnotherNodeIsQueueing() throws Exception {
        audience(20);
        long id = campaign();
        start(id);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> DB.jdbi().useTransaction(h -> {
            h.createQuery("SELECT campaign_id FROM campaign_expansion WHERE campaign_id = :c FOR UPDATE").bind("c", id)
                    .mapTo(Long.class).one();
            locked.countDown();
            await(release);
        }));
        locked.await();
        try {
            assertThat(expansion.next()).isEmpty();
        } finally {
            release.countDown();
            other.get();
        }
        assertThat(expansion.next()).isPresent();
    }

    @Test
    void aDispatcherGoesOnWithAnAudienceAnotherNodeLeftHalfQueued() throws Exception {
        Audience audience = audience(50);
        long id = campaign();
        // the node that started the campaign died after its first chunk
        start(id);
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c", id)).isLessThan(audience.recipients.size());

        sending.start();
        sending.awaitStatus(id, "sent");

        assertThat(MAIL.getReceivedMessages()).hasSize(audience.recipients.size());
        assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'sent'", id))
                .isEqualTo(audience.recipients.size());
    }

    @Test
    void anAudienceOfNobodyIsDoneAtTheStart() {
        long id = campaign();
        Expansion.Chunk first = DB.jdbi().inTransaction(h -> begin(h, id));
        assertThat(first.last()).isTrue();
        assertThat(first.queued()).isZero();
        assertThat(sending.count("SELECT count(*) FROM campaign_expansion WHERE campaign_id = :c", id)).isZero();
        assertThat(expansion.next()).isEmpty();
    }

    /** Who is on which list, and what the campaign to customers and partners should queue. */
    private record Audience(TreeSet<String> recipients, int duplicates, List<String> suppressedEntries, int customerRecipients) {
    }

    /**
     * {@code n} contacts on none, some or all of the three lists, some unsubscribed or bounced, one
     * address and one domain suppressed; contacts not on any target list come between members.
     */
    private Audience audience(int n) {
        Random random = new Random(n);
        TreeSet<String> recipients = new TreeSet<>();
        List<String> suppressedEntries = new ArrayList<>();
        int duplicates = 0;
        int customerRecipients = 0;
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO suppression (address, reason, source) VALUES ('c7@example.com', 'complaint', 'complaint')");
            h.execute("INSERT INTO suppression (domain, reason, source) VALUES ('blocked.example', 'no such domain', 'manual')");
        });
        for (int i = 1; i <= n; i++) {
            String email = i % 9 == 0 ? "c" + i + "@blocked.example" : "c" + i + "@example.com";
            String status = i % 11 == 0 ? "unsubscribed" : i % 13 == 0 ? "bounced" : "active";
            List<Long> lists = new ArrayList<>();
            boolean customer = random.nextInt(3) > 0;
            boolean partner = random.nextInt(3) == 0;
            if (customer) {
                lists.add(customers);
            }
            if (partner) {
                lists.add(partners);
            }
            if (random.nextBoolean()) {
                lists.add(staff);
            }
            contact(DB.jdbi(), email, "C" + i, status, "{}",
                    lists.stream().mapToLong(Long::longValue).toArray());
            if (!customer && !partner) {
                continue;
            }
            boolean suppressed = email.equals("c7@example.com") || email.endsWith("@blocked.example");
            if (!status.equals("active")) {
                // one SUPPRESSED line, whatever the number of target lists the contact is on
                suppressedEntries.add(email);
            } else if (!suppressed) {
                recipients.add(email);
                customerRecipients += customer ? 1 : 0;
                duplicates += customer && partner ? 1 : 0;
            }
        }
        return new Audience(recipients, duplicates, suppressedEntries, customerRecipients);
    }

    private long campaign() {
        return sending.campaigns.create(draft("Hello {{first_name}}", "<p>Hello {{first_name}}</p>", customers, partners));
    }

    /** Starts the campaign as Delivery does, queueing only the first chunk. */
    private void start(long id) {
        Expansion.Chunk first = DB.jdbi().inTransaction(h -> begin(h, id));
        expansion.committed(first);
    }

    private Expansion.Chunk begin(Handle h, long id) {
        h.execute("UPDATE campaign SET status = 'sending', started_at = now() WHERE id = ?", id);
        return expansion.begin(h, id);
    }

    private List<Expansion.Chunk> expandAll(long id) {
        List<Expansion.Chunk> chunks = new ArrayList<>();
        Expansion.Chunk first = DB.jdbi().inTransaction(h -> begin(h, id));
        expansion.committed(first);
        chunks.add(first);
        for (Optional<Expansion.Chunk> c = expansion.next(); c.isPresent(); c = expansion.next()) {
            chunks.add(c.get());
        }
        return chunks;
    }

    /** As if every message queued so far had been sent (and counted, as the result writer does). */
    private static void sentAll(Handle h, long id) {
        h.execute("UPDATE message SET status = 'sent' WHERE campaign_id = ?", id);
        h.execute("DELETE FROM message_queue WHERE campaign_id = ?", id);
        h.execute("UPDATE campaign_stats SET sent = recipients WHERE campaign_id = ?", id);
    }

    private static List<Row> only(List<Row> rows, String eventId) {
        return rows.stream().filter(r -> r.eventId().equals(eventId)).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
