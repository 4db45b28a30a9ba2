package app.herald.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * V22 moves the send queue out of the message table: an install upgraded while messages are
 * queued, deferred or being sent keeps every one of them in the queue, with its tries and lease.
 */
@Tag("storage")
class MessageQueueMigrationTest {
    private static final String SCHEMA = "upgrade_to_message_queue";

    private final Jdbi jdbi = Jdbi.create(TestDatabase.database().dataSource());

    @AfterEach
    void dropSchema() {
        jdbi.useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE"));
    }

    @Test
    void queuedDeferredAndLeasedMessagesAreInTheQueueAfterTheUpgrade() {
        migrate("21");
        jdbi.useHandle(h -> {
            h.execute("SET search_path TO " + SCHEMA);
            h.execute("INSERT INTO contact (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com'), (4, 'd@example.com')");
            h.execute("INSERT INTO campaign (id, name, subject, from_name, from_email, html, status) "
                    + "VALUES (7, 'c', 's', 'f', 'f@example.com', '<p>x</p>', 'sending')");
            h.execute("""
                    INSERT INTO message (id, campaign_id, contact_id, email, status, attempts, next_attempt_at, lease_owner, lease_until, smtp_reply) VALUES
                    (1, 7, 1, 'a@example.com', 'queued', 0, NULL, NULL, NULL, NULL),
                    (2, 7, 2, 'b@example.com', 'queued', 1, now() + interval '1 hour', NULL, NULL, '451 4.3.0 try later'),
                    (3, 7, 3, 'c@example.com', 'sending', 2, NULL, 'node-a:12', now() + interval '1 minute', NULL),
                    (4, 7, 4, 'd@example.com', 'sent', 1, NULL, NULL, NULL, '250 ok')""");
            h.execute("RESET search_path");
        });

        migrate(null);

        List<Map<String, Object>> queue = jdbi.withHandle(h -> h.createQuery("SELECT message_id, campaign_id, attempts, "
                + "next_attempt_at IS NOT NULL AS deferred, lease_owner, lease_until IS NOT NULL AS leased FROM " + SCHEMA
                + ".message_queue ORDER BY message_id").mapToMap().list());
        assertThat(queue).extracting(r -> r.get("message_id"), r -> r.get("attempts"), r -> r.get("deferred"), r -> r.get("lease_owner"),
                        r -> r.get("leased"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0, false, null, false),
                        org.assertj.core.groups.Tuple.tuple(2L, 1, true, null, false),
                        org.assertj.core.groups.Tuple.tuple(3L, 2, false, "node-a:12", true));
        assertThat(queue).allSatisfy(r -> assertThat(r.get("campaign_id")).isEqualTo(7L));
        List<String> statuses = jdbi.withHandle(h -> h.createQuery("SELECT status FROM " + SCHEMA + ".message ORDER BY id")
                .mapTo(String.class).list());
        assertThat(statuses).containsExactly("queued", "queued", "queued", "sent");
    }

    private void migrate(String target) {
        var config = Flyway.configure().dataSource(TestDatabase.database().dataSource()).schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }
}
