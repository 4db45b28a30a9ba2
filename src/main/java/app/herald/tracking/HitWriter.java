package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.store.Queries;
import app.herald.tracking.HitClassifier.Classified;
import app.herald.tracking.HitBatch.CampaignDelta;
import app.herald.tracking.HitBatch.LinkDelta;
import app.herald.tracking.HitBatch.MessageDelta;
import app.herald.tracking.HitBatch.MessageLink;
import app.herald.tracking.HitBatch.MinuteDelta;
import app.herald.tracking.HitBatch.UpdatedMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes one batch of hits in one transaction: drops what privacy rules out ({@link HitPrivacy}),
 * judges each human or machine ({@link HitClassifier}), then writes the raw events with their
 * verdicts, the message counters, and the campaign, link, per-minute, machine-kind and mail-client
 * counters that reports read. Hits of anonymous campaigns go only into those aggregate counters
 * (without unique counts, which need a per-message record). Test sends get events and message
 * counters but are left out of the campaign's numbers. The client address is stored as
 * tracking.ip_storage says, reduced here and nowhere earlier (the classifier needs it whole).
 * Rows are touched in id order so that writers on several nodes take their locks in the same order.
 */
final class HitWriter {
    private static final Queries SQL = Queries.of(HitWriter.class);
    /** The columns copy-events lists, each written by {@link #insertEvents} in that order. */
    private static final int EVENT_COLUMNS = 20;

    private final Jdbi jdbi;
    private final HitClassifier classifier;
    private final IpStorage ipStorage;
    private final HitHistories histories = new HitHistories();
    /**
     * (message, link) pairs committed to message_link_click: a click of one is no link's first click
     * and needs no insert (a message's pairs go only with the message, and message ids are never reused).
     * Pairs of a batch join once it commits.
     */
    private final BoundedCache<MessageLink, Boolean> storedClicks = new BoundedCache<>(100_000);
    private final List<MessageLink> stagedClicks = new ArrayList<>();
    private final UUID nodeId;

    HitWriter(Jdbi jdbi) {
        this(jdbi, IpStorage.FULL, null);
    }

    HitWriter(Jdbi jdbi, IpStorage ipStorage) {
        this(jdbi, ipStorage, null);
    }

    /**
     * A writer that stores addresses as {@code ipStorage} says and, with each batch, how far this
     * node's journal ({@code nodeId}) is stored; null for none.
     */
    HitWriter(Jdbi jdbi, IpStorage ipStorage, UUID nodeId) {
        this.jdbi = jdbi;
        this.classifier = HitClassifier.standard();
        this.ipStorage = ipStorage;
        this.nodeId = nodeId;
    }

    List<Hit> write(List<Hit> hits) {
        return write(hits, null);
    }

    /**
     * Writes the batch and, in the same transaction, {@code checkpoint} (the journal position after its
     * last hit) if not null; returns the hits stored per person (for the message tracking log), in the order given.
     */
    List<Hit> write(List<Hit> hits, HitJournal.Position checkpoint) {
        List<Hit> personal;
        try {
            personal = jdbi.inTransaction(h -> {
                Map<Long, HitPrivacy.Rule> rules = HitPrivacy.lookUp(h, hits);
                List<Hit> kept = hits.stream()
                        .filter(hit -> rules.containsKey(hit.messageId()) && rules.get(hit.messageId()).keeps(hit)).toList();
                if (!kept.isEmpty()) {
                    write(h, new HitBatch(classifier.classify(h, kept, histories, ipStorage)), rules);
                }
                if (checkpoint != null) {
                    h.createUpdate(SQL.get("store-checkpoint"))
                            .bind("node_id", nodeId)
                            .bind("segment", checkpoint.segment())
                            .bind("position", checkpoint.offset())
                            .execute();
                }
                return kept.stream().filter(hit -> !rules.get(hit.messageId()).anonymous()).toList();
            });
        } catch (RuntimeException e) {
            histories.discard();
            stagedClicks.clear();
            throw e;
        }
        histories.commit();
        stagedClicks.forEach(l -> storedClicks.put(l, Boolean.TRUE));
        stagedClicks.clear();
        return personal;
    }

    /** Where this node's journal is stored up to: replay starts there (the start of the journal if nothing is). */
    HitJournal.Position checkpoint(UUID node) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find-checkpoint")).bind("node_id", node)
                .map((rs, ctx) -> new HitJournal.Position(rs.getLong("segment"), rs.getLong("position")))
                .findOne()
                .orElse(new HitJournal.Position(0, 0)));
    }

    private void write(Handle h, HitBatch batch, Map<Long, HitPrivacy.Rule> rules) {
        // the message update comes first: it tells each message's campaign, and which messages exist,
        // so the events need no join (hits of messages that no longer exist are dropped, and nowhere counted).
        // Anonymous messages are not updated: they count in the aggregates as if seen for the first time never.
        Map<Long, UpdatedMessage> updated = updateMessages(h, batch.messageDeltas().stream()
                .filter(d -> !rules.get(d.messageId()).anonymous())
                .sorted(Comparator.comparingLong(MessageDelta::messageId)).toList());
        List<Classified> personal = batch.hits().stream().filter(c -> updated.containsKey(c.hit().messageId())).toList();
        rules.forEach((id, rule) -> {
            if (rule.anonymous()) {
                updated.put(id, new UpdatedMessage(id, rule.campaignId(), rule.counted(), false, false, false, false));
            }
        });
        insertEvents(h, personal, updated);
        List<MessageLink> clicked = batch.clickedLinks(updated).stream().filter(l -> !rules.get(l.messageId()).anonymous()).toList();
        Set<MessageLink> firstClicks = insertMessageLinkClicks(h, clicked.stream().filter(l -> storedClicks.get(l) == null).toList());
        stagedClicks.addAll(clicked);
        upsertLinkStats(h, batch.linkDeltas(updated, firstClicks).stream()
                .sorted(Comparator.comparingLong(LinkDelta::campaignId).thenComparingInt(LinkDelta::idx)).toList());
        upsertCampaignStats(h, batch.campaignDeltas(updated).stream()
                .sorted(Comparator.comparingLong(CampaignDelta::campaignId)).toList());
        upsertActivity(h, batch.minuteDeltas(updated).stream()
                .sorted(Comparator.comparingLong(MinuteDelta::campaignId).thenComparing(MinuteDelta::minute)).toList());
        VerdictCounters.write(h, batch.machineDeltas(updated), batch.clientDeltas(updated));
    }

    private void insertEvents(Handle h, List<Classified> hits, Map<Long, UpdatedMessage> updated) {
        if (hits.isEmpty()) {
            return;
        }
        BinaryCopy rows = new BinaryCopy(EVENT_COLUMNS);
        for (Classified c : hits) {
            Hit hit = c.hit();
            Evidence e = c.evidence();
            rows.row();
            rows.int8(hit.messageId());
            rows.int8(updated.get(hit.messageId()).campaignId());
            rows.text(hit.kind().sqlName);
            rows.int4(hit.storedLinkIdx());
            rows.timestamptz(hit.at());
            rows.text(c.storedIp());
            rows.text(hit.userAgent());
            rows.text(c.verdict().sqlName());
            rows.text(c.verdict().machineKindName());
            rows.text(e.method());
            rows.int8(e.secondsAfterSend());
            rows.text(e.agent());
            rows.text(e.network());
            rows.int4(e.burstLinks());
            rows.bool(e.clickBeforeOpen());
            rows.int4(e.repeats());
            rows.text(e.rule());
            rows.text(e.client());
            rows.text(e.device());
            rows.text(e.os());
        }
        rows.copyIn(h, SQL.get("copy-events"));
    }

    private static Map<Long, UpdatedMessage> updateMessages(Handle h, List<MessageDelta> deltas) {
        Map<Long, UpdatedMessage> updated = new HashMap<>();
        if (deltas.isEmpty()) {
            return updated;
        }
        h.createQuery(SQL.get("update-messages"))
                .bind("ids", SqlArrays.int8(deltas, MessageDelta::messageId))
                .bind("opens", SqlArrays.int4(deltas, MessageDelta::opens))
                .bind("first_opens", SqlArrays.micros(deltas, MessageDelta::firstOpen))
                .bind("last_opens", SqlArrays.micros(deltas, MessageDelta::lastOpen))
                .bind("clicks", SqlArrays.int4(deltas, MessageDelta::clicks))
                .bind("first_clicks", SqlArrays.micros(deltas, MessageDelta::firstClick))
                .bind("last_clicks", SqlArrays.micros(deltas, MessageDelta::lastClick))
                .bind("human_opens", SqlArrays.int4(deltas, MessageDelta::humanOpens))
                .bind("first_human_opens", SqlArrays.micros(deltas, MessageDelta::firstHumanOpen))
                .bind("human_clicks", SqlArrays.int4(deltas, MessageDelta::humanClicks))
                .bind("first_human_clicks", SqlArrays.micros(deltas, MessageDelta::firstHumanClick))
                .map((rs, ctx) -> new UpdatedMessage(rs.getLong("id"), rs.getLong("campaign_id"),
                        rs.getBoolean("counted"), rs.getBoolean("first_open"), rs.getBoolean("first_click"),
                        rs.getBoolean("first_human_open"), rs.getBoolean("first_human_click")))
                .forEach(m -> updated.put(m.messageId(), m));
        return updated;
    }

    private static Set<MessageLink> insertMessageLinkClicks(Handle h, List<MessageLink> links) {
        Set<MessageLink> inserted = new HashSet<>();
        if (links.isEmpty()) {
            return inserted;
        }
        List<MessageLink> sorted = links.stream()
                .sorted(Comparator.comparingLong(MessageLink::messageId).thenComparingInt(MessageLink::idx)).toList();
        h.createQuery(SQL.get("insert-message-link-clicks"))
                .bind("message_ids", SqlArrays.int8(sorted, MessageLink::messageId))
                .bind("idxs", SqlArrays.int4(sorted, MessageLink::idx))
                .map((rs, ctx) -> new MessageLink(rs.getLong("message_id"), rs.getInt("idx")))
                .forEach(inserted::add);
        return inserted;
    }

    private static void upsertLinkStats(Handle h, List<LinkDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        h.createUpdate(SQL.get("upsert-link-stats"))
                .bind("campaign_ids", SqlArrays.int8(deltas, LinkDelta::campaignId))
                .bind("idxs", SqlArrays.int4(deltas, LinkDelta::idx))
                .bind("clicks", SqlArrays.int8(deltas, LinkDelta::clicks))
                .bind("unique_clicks", SqlArrays.int8(deltas, LinkDelta::uniqueClicks))
                .execute();
    }

    private static void upsertCampaignStats(Handle h, List<CampaignDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        h.createUpdate(SQL.get("upsert-campaign-stats"))
                .bind("campaign_ids", SqlArrays.int8(deltas, CampaignDelta::campaignId))
                .bind("opens", SqlArrays.int8(deltas, CampaignDelta::opens))
                .bind("unique_opens", SqlArrays.int8(deltas, CampaignDelta::uniqueOpens))
                .bind("clicks", SqlArrays.int8(deltas, CampaignDelta::clicks))
                .bind("unique_clicks", SqlArrays.int8(deltas, CampaignDelta::uniqueClicks))
                .bind("human_opens", SqlArrays.int8(deltas, CampaignDelta::humanOpens))
                .bind("human_unique_opens", SqlArrays.int8(deltas, CampaignDelta::humanUniqueOpens))
                .bind("human_clicks", SqlArrays.int8(deltas, CampaignDelta::humanClicks))
                .bind("human_unique_clicks", SqlArrays.int8(deltas, CampaignDelta::humanUniqueClicks))
                .bind("machine_opens", SqlArrays.int8(deltas, CampaignDelta::machineOpens))
                .bind("machine_clicks", SqlArrays.int8(deltas, CampaignDelta::machineClicks))
                .execute();
    }

    private static void upsertActivity(Handle h, List<MinuteDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        h.createUpdate(SQL.get("upsert-activity"))
                .bind("campaign_ids", SqlArrays.int8(deltas, MinuteDelta::campaignId))
                .bind("minutes", SqlArrays.micros(deltas, MinuteDelta::minute))
                .bind("opens", SqlArrays.int8(deltas, MinuteDelta::opens))
                .bind("clicks", SqlArrays.int8(deltas, MinuteDelta::clicks))
                .execute();
    }
}
