package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static app.herald.delivery.ScriptedSmtpServer.accept;
import static app.herald.delivery.ScriptedSmtpServer.data;
import static app.herald.delivery.ScriptedSmtpServer.dropInData;
import static app.herald.delivery.ScriptedSmtpServer.rcpt;
import static app.herald.delivery.ScriptedSmtpServer.slow;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.bounce.Bounces;
import app.herald.bounce.ReturnPath;
import app.herald.config.MessageTrackingLogConfig;
import app.herald.config.SendingConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault a relay can throw at a message, against a scripted SMTP server: each message ends
 * sent or failed as it should, after the retries the schedule allows, with the tracking-log events
 * and the bounce outcome (suppressed, soft, flagged) its reply calls for.
 */
@Tag("storage")
class FaultMatrixTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void everyMessageEndsSentOrFailedWithTheRightEventsAndBounceOutcome() throws Exception {
        long listId = list(DB.jdbi(), "customers");
        Map<String, ScriptedSmtpServer.Step[]> matrix = Map.ofEntries(
                Map.entry("t451@example.com", new ScriptedSmtpServer.Step[] {rcpt("451 4.3.0 local error, try again"), accept()}),
                Map.entry("always451@example.com", new ScriptedSmtpServer.Step[] {rcpt("451 4.4.5 still busy")}),
                Map.entry("unknown@example.com", new ScriptedSmtpServer.Step[] {rcpt("550 5.1.1 <unknown@example.com>: user unknown")}),
                Map.entry("full@example.com", new ScriptedSmtpServer.Step[] {data("552 5.2.2 mailbox full")}),
                Map.entry("blocked@example.com", new ScriptedSmtpServer.Step[] {rcpt("554 5.7.1 sender blocked by policy")}),
                Map.entry("odd@example.com", new ScriptedSmtpServer.Step[] {data("554 5.3.0 other mail system problem")}),
                Map.entry("drop@example.com", new ScriptedSmtpServer.Step[] {dropInData(), accept()}),
                Map.entry("slow@example.com", new ScriptedSmtpServer.Step[] {slow(2_500), accept()}),
                Map.entry("ok@example.com", new ScriptedSmtpServer.Step[] {accept()}));
        matrix.keySet().forEach(email -> contact(DB.jdbi(), email, "X", "active", "{}", listId));
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0);
             Sending sending = new Sending(DB.jdbi(), new SendingConfig(List.of(Sending.relay(relay.port(), 2, 1)), 100,
                     Duration.ofSeconds(1), 0, Optional.empty(), Map.of()), Duration.ofSeconds(1), log)) {
            matrix.forEach(relay::script);
            Bounces bounces = new Bounces(DB.jdbi(), new Audience(DB.jdbi()), ReturnPath.fromAddress(), 3, Duration.ofDays(7));
            sending.outbound = Outbound.PLAIN.withRefusals(bounces::onSynchronousFailure);
            sending.retrying(Duration.ofSeconds(1), Duration.ofSeconds(1));
            long id = sending.campaigns.create(draft("Hello", "<p>Hi</p>", listId));

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(row("ok@example.com")).startsWith("sent 1 250");
            assertThat(row("t451@example.com")).startsWith("sent 2 250");
            assertThat(row("drop@example.com")).startsWith("sent 2 250");
            assertThat(row("slow@example.com")).startsWith("sent 2 250");
            assertThat(row("always451@example.com")).isEqualTo("failed 3 451 4.4.5 still busy");
            assertThat(row("unknown@example.com")).isEqualTo("failed 1 550 5.1.1 <unknown@example.com>: user unknown");
            assertThat(row("full@example.com")).isEqualTo("failed 1 552 5.2.2 mailbox full");
            assertThat(row("blocked@example.com")).isEqualTo("failed 1 554 5.7.1 sender blocked by policy");
            assertThat(row("odd@example.com")).isEqualTo("failed 1 554 5.3.0 other mail system problem");
            assertThat(relay.delivered).containsExactlyInAnyOrder("ok@example.com", "t451@example.com",
                    "drop@example.com", "slow@example.com");
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(4);
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(5);

            log.close();
            Map<String, List<String>> events = smtpEvents(WrittenLog.rows(dir));
            assertThat(events).containsEntry("ok@example.com", List.of("SEND"))
                    .containsEntry("t451@example.com", List.of("DEFER", "SEND"))
                    .containsEntry("drop@example.com", List.of("DEFER", "SEND"))
                    .containsEntry("slow@example.com", List.of("DEFER", "SEND"))
                    .containsEntry("always451@example.com", List.of("DEFER", "DEFER", "FAIL"))
                    .containsEntry("unknown@example.com", List.of("FAIL"))
                    .containsEntry("full@example.com", List.of("FAIL"))
                    .containsEntry("blocked@example.com", List.of("FAIL"))
                    .containsEntry("odd@example.com", List.of("FAIL"));
            assertThat(WrittenLog.rows(dir)).filteredOn(r -> r.get("source").equals("SMTP")).allSatisfy(r -> {
                assertThat(r.get("connector-id")).isEqualTo("Herald\\Outbound SMTP 127.0.0.1:" + relay.port());
                assertThat(r.get("server-ip")).isEqualTo("127.0.0.1");
            });

            // only the refusals of RCPT and DATA are bounces, and a 4xx once the schedule is used up,
            // classified by their enhanced status codes; a dropped connection is none
            assertThat(bounce("always451@example.com")).isEqualTo("soft relay smtp-reply 4.4.5");
            assertThat(bounce("unknown@example.com")).isEqualTo("hard relay smtp-reply 5.1.1");
            assertThat(bounce("full@example.com")).isEqualTo("soft relay smtp-reply 5.2.2");
            assertThat(bounce("blocked@example.com")).isEqualTo("policy relay smtp-reply 5.7.1");
            assertThat(bounce("odd@example.com")).isEqualTo("hard relay smtp-reply 5.3.0");
            long stored = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM bounce").mapTo(Long.class).one());
            assertThat(stored).isEqualTo(5);
            assertThat(suppressed()).containsExactly("odd@example.com", "unknown@example.com");
            assertThat(contactStatus("unknown@example.com")).isEqualTo("bounced");
            assertThat(contactStatus("blocked@example.com")).isEqualTo("active");
            assertThat(contactStatus("full@example.com")).isEqualTo("active");
            assertThat(contactStatus("always451@example.com")).isEqualTo("active");
        } finally {
            log.close();
        }
    }

    /**
     * On its own: a 421 to the first command on a pooled connection is taken for a connection the
     * relay dropped while idle and is tried once more at once (SmtpConnection), so in the matrix
     * whether it becomes a DEFER would depend on which connection the message got.
     */
    @Test
    void a421IsDeferredAndSentOnTheNextTry() throws Exception {
        long listId = list(DB.jdbi(), "customers");
        contact(DB.jdbi(), "t421@example.com", "X", "active", "{}", listId);
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0);
             Sending sending = new Sending(DB.jdbi(), new SendingConfig(List.of(Sending.relay(relay.port(), 1, 1)), 100,
                     Duration.ofSeconds(1), 0, Optional.empty(), Map.of()), Duration.ofSeconds(5), log)) {
            relay.script("t421@example.com", rcpt("421 4.3.2 service shutting down"), accept());
            sending.retrying(Duration.ofSeconds(1));
            long id = sending.campaigns.create(draft("Hello", "<p>Hi</p>", listId));

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
            log.close();

            assertThat(row("t421@example.com")).startsWith("sent 2 250");
            assertThat(smtpEvents(WrittenLog.rows(dir))).containsExactly(Map.entry("t421@example.com", List.of("DEFER", "SEND")));
            assertThat(WrittenLog.rows(dir)).filteredOn(r -> r.eventId().equals("DEFER"))
                    .singleElement().satisfies(r -> assertThat(r.recipientStatus()).containsExactly("421 4.3.2 service shutting down"));
        } finally {
            log.close();
        }
    }

    /** Per recipient, the event ids of its SMTP events in the order written. */
    static Map<String, List<String>> smtpEvents(List<Row> rows) {
        Map<String, List<String>> byRecipient = new java.util.TreeMap<>();
        for (Row r : rows) {
            if (r.get("source").equals("SMTP")) {
                byRecipient.computeIfAbsent(r.recipients().get(0), k -> new java.util.ArrayList<>()).add(r.eventId());
            }
        }
        return byRecipient;
    }

    private static String row(String email) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT status || ' ' || attempts || ' ' || coalesce(smtp_reply, '-') "
                + "FROM message WHERE email = :e").bind("e", email).mapTo(String.class).one());
    }

    private static String bounce(String email) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT b.classification || ' ' || b.source || ' ' || b.format || ' ' || b.status "
                + "FROM bounce b WHERE b.recipient = :e").bind("e", email).mapTo(String.class).one());
    }

    private static List<String> suppressed() {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT address FROM suppression ORDER BY address").mapTo(String.class).list());
    }

    private static String contactStatus(String email) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT status FROM contact WHERE email = :e").bind("e", email)
                .mapTo(String.class).one());
    }
}
