package app.herald.tracelog;

import static app.herald.tracelog.LogLines.CRLF;
import static app.herald.tracelog.LogLines.rec;

import app.herald.tracking.CampaignFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jdbi.v3.core.Jdbi;

/** Two campaigns with owners, their messages in the database, and what the writer would have logged for them. */
public record DeliveryLogFixture(long teaOwner, long offerOwner, long annTea, long annOffer, long annSuppressed) {
    public static DeliveryLogFixture write(Jdbi jdbi, Path dir) {
        CampaignFixture fx = new CampaignFixture(jdbi);
        long u1 = user(jdbi, "tea-owner");
        long u2 = user(jdbi, "offer-owner");
        long tea = fx.campaign("Tea");
        long offer = fx.campaign("Offer");
        jdbi.useHandle(h -> h.execute("UPDATE campaign SET owner_user_id = ? WHERE id = ?", u1, tea));
        jdbi.useHandle(h -> h.execute("UPDATE campaign SET owner_user_id = ? WHERE id = ?", u2, offer));
        long annTea = fx.sentMessage(tea, "ann@example.com");
        long bob = fx.sentMessage(tea, "bob@example.com");
        long carl = fx.sentMessage(tea, "carl@example.com");
        long dora = fx.sentMessage(tea, "dora@example.com");
        long annOffer = jdbi.withHandle(h -> h.createQuery("INSERT INTO message (campaign_id, email, kind, status) VALUES (:c, 'ann@example.com', 'test', 'sent') RETURNING id")
                .bind("c", offer).mapTo(Long.class).one());
        long annSuppressed = jdbi.withHandle(h -> h.createQuery("INSERT INTO message (campaign_id, email, kind, status) VALUES (:c, 'ann@example.com', 'test', 'failed') RETURNING id")
                .bind("c", offer).mapTo(Long.class).one());

        StringBuilder ms = new StringBuilder(LogLines.header("2026-10-01T08:00:00.000Z"));
        StringBuilder t = new StringBuilder(LogLines.header("2026-10-01T08:00:00.000Z"));
        StringBuilder md = new StringBuilder(LogLines.header("2026-10-01T08:00:00.000Z"));
        ms.append(msg(annTea, "ann@example.com", "2026-10-01T08:00:00.000Z", "SUBMIT", "STOREDRIVER", "", ""));
        t.append(msg(annTea, "ann@example.com", "2026-10-01T08:00:01.000Z", "DEFER", "SMTP", "451 4.7.1 Try again later", ""));
        t.append(msg(annTea, "ann@example.com", "2026-10-01T08:05:00.000Z", "SEND", "SMTP", "250 2.1.5 Recipient OK", ""));
        t.append(msg(annTea, "ann@example.com", "2026-10-01T09:00:00.000Z", "AGENTINFO", "AGENT", "", "S:Event=Open;S:Ip=198.51.100.7"));
        ms.append(msg(bob, "bob@example.com", "2026-10-01T08:00:00.100Z", "SUBMIT", "STOREDRIVER", "", ""));
        t.append(msg(bob, "bob@example.com", "2026-10-01T08:00:02.000Z", "DEFER", "SMTP", "451 4.7.1 Try again later", ""));
        ms.append(msg(carl, "carl@example.com", "2026-10-01T08:00:00.200Z", "SUBMIT", "STOREDRIVER", "", ""));
        t.append(msg(carl, "carl@example.com", "2026-10-01T08:00:03.000Z", "FAIL", "SMTP", "550 5.1.1 User unknown", ""));
        ms.append(msg(dora, "dora@example.com", "2026-10-01T08:00:00.300Z", "SUBMIT", "STOREDRIVER", "", ""));
        md.append(msg(dora, "dora@example.com", "2026-10-01T08:00:04.000Z", "DELIVER", "STOREDRIVER", "250 2.0.0 OK", ""));
        ms.append(msg(annOffer, "ann@example.com", "2026-10-02T08:00:00.000Z", "SUBMIT", "STOREDRIVER", "", ""));
        t.append(msg(annOffer, "ann@example.com", "2026-10-02T08:00:01.000Z", "SEND", "SMTP", "250 2.1.5 Recipient OK", ""));
        ms.append(msg(annSuppressed, "ann@example.com", "2026-10-03T08:00:00.000Z", "SUPPRESSED", "ROUTING", "", "S:Reason=Unsubscribed"));
        // ann herself sends to two people, one address unknown at the relay
        ms.append(rec("2026-10-04T08:00:00.000Z").event("SUBMIT", "STOREDRIVER").sender("ann@example.com")
                .recipients("x@example.net;y@example.net").ids("900001", "<ann1@example.com>", "22222222-0000-0000-0000-000000000001")
                .subject("Hello").line()).append(CRLF);
        t.append(rec("2026-10-04T08:00:01.000Z").event("SEND", "SMTP").sender("ann@example.com")
                .recipients("x@example.net;y@example.net").ids("900001", "<ann1@example.com>", "22222222-0000-0000-0000-000000000001")
                .set(RecordField.RECIPIENT_STATUS, "250 2.1.5 Recipient OK;550 5.1.1 User unknown").subject("Hello").line()).append(CRLF);
        LogLines.write(dir.resolve("MSGTRKMS20261001-1.log"), ms.toString(), true);
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), t.toString(), true);
        LogLines.write(dir.resolve("MSGTRKMD20261001-1.log"), md.toString(), true);
        return new DeliveryLogFixture(u1, u2, annTea, annOffer, annSuppressed);
    }

    private static String msg(long id, String to, String time, String event, String source, String status, String data) {
        return rec(time).event(event, source).sender("shop@example.com").recipients(to)
                .ids(Long.toString(id), "<m" + id + "@herald.example.com>", "00000000-0000-0000-0000-" + String.format("%012d", id))
                .set(RecordField.RECIPIENT_STATUS, status).set(RecordField.CUSTOM_DATA, data).subject("Tea time").line() + CRLF;
    }

    /** The API token of a fixture user. */
    public static String token(String name) {
        return "hrld_fixture_" + name;
    }

    static long user(Jdbi jdbi, String name) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token(name).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO app_user (name, role, token_sha256) VALUES (:n, 'user', :t) RETURNING id")
                .bind("n", name).bind("t", hash).mapTo(Long.class).one());
    }
}
