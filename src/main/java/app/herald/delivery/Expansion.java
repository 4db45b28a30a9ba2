package app.herald.delivery;

import app.herald.store.Queries;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues a campaign's audience in chunks of contacts, in contact id order. The start queues the
 * first, small chunk in its own transaction and returns; the dispatchers queue the rest, one chunk
 * per transaction, while the first messages are already on the wire (a million recipients took a
 * whole statement of about 40 s before the first one was sent, and the start request waited for it).
 * Each chunk commits with the position it reached (campaign_expansion), and queueing a chunk again
 * is harmless (one message per contact and campaign), so a node that dies between chunks loses
 * nothing: any node goes on from there. Every chunk is written to the tracking log once committed.
 */
final class Expansion {
    private static final Logger LOG = LoggerFactory.getLogger(Expansion.class);
    private static final Queries SQL = Queries.of(Expansion.class);
    /** The start's chunk: small, so that sending begins within a few tens of milliseconds. */
    static final int FIRST_CHUNK = 1_000;
    /** Later chunks: large enough that a statement's fixed cost does not matter, short transactions still. */
    static final int CHUNK = 5_000;
    /** The queue's statistics are refreshed each time a campaign's messages have grown four times over (see analyzeQueue). */
    private static final int ANALYZE_GROWTH_BITS = 2;

    /**
     * One committed chunk: the members after {@code after} up to {@code upto} (contact ids), of which
     * {@code queued} got a message, making {@code recipients} in all; {@code last} when the campaign's
     * whole audience is queued.
     */
    record Chunk(long campaignId, long after, long upto, long queued, long recipients, boolean last) {
    }

    private final Jdbi jdbi;
    private final ExpansionEvents events;
    private final int firstChunk;
    private final int chunk;
    Expansion(Jdbi jdbi, ExpansionEvents events) {
        this(jdbi, events, FIRST_CHUNK, CHUNK);
    }

    /** With other chunk sizes (tests). */
    Expansion(Jdbi jdbi, ExpansionEvents events, int firstChunk, int chunk) {
        this.jdbi = jdbi;
        this.events = events;
        this.firstChunk = firstChunk;
        this.chunk = chunk;
    }

    /** In the transaction that starts campaign {@code campaignId}: plans its expansion and queues the first chunk. */
    Chunk begin(Handle h, long campaignId) {
        long until = h.createQuery(SQL.get("plan")).bind("id", campaignId).mapTo(Long.class).one();
        return queue(h, campaignId, 0, until, firstChunk);
    }

    /**
     * Queues the next chunk of a campaign still being expanded that no other node works on, in a
     * transaction of its own, and logs it; empty when there is none.
     */
    Optional<Chunk> next() {
        Optional<Chunk> done = jdbi.inTransaction(h -> h.createQuery(SQL.get("pending"))
                .map((rs, ctx) -> new long[] {rs.getLong("campaign_id"), rs.getLong("after_contact"), rs.getLong("until_contact")})
                .findOne()
                .map(p -> queue(h, p[0], p[1], p[2], chunk)));
        done.ifPresent(this::committed);
        return done;
    }

    private Chunk queue(Handle h, long campaignId, long after, long until, int size) {
        Long end = h.createQuery(SQL.get("chunk-end")).bind("id", campaignId).bind("after", after).bind("until", until)
                .bind("size", size).mapTo(Long.class).findOne().orElse(null);
        if (end == null) {
            h.createUpdate(SQL.get("done")).bind("id", campaignId).execute();
            long recipients = h.createQuery(SQL.get("recipients")).bind("id", campaignId).mapTo(Long.class).one();
            return new Chunk(campaignId, after, after, 0, recipients, true);
        }
        Chunk chunk = h.createQuery(SQL.get("expand")).bind("id", campaignId).bind("after", after).bind("upto", end)
                .map((rs, ctx) -> new Chunk(campaignId, after, end, rs.getLong("queued"), rs.getLong("recipients"), end >= until))
                .one();
        h.createUpdate(SQL.get(chunk.last() ? "done" : "advance")).bind("id", campaignId).bind("upto", end).execute();
        return chunk;
    }

    /** After the transaction of {@code c} committed: logs it, and refreshes the queue's statistics when due. */
    void committed(Chunk c) {
        if (c.upto() > c.after()) {
            events.expanded(c.campaignId(), c.after(), c.upto());
        }
        if (c.queued() > 0 && growthStep(c.recipients() - c.queued()) != growthStep(c.recipients())) {
            analyzeQueue();
        }
    }

    /** 0 for none, then one step for each fourfold growth: 1-3, 4-15, 16-63 and so on. */
    private static int growthStep(long messages) {
        return messages == 0 ? 0 : 1 + (63 - Long.numberOfLeadingZeros(messages)) / ANALYZE_GROWTH_BITS;
    }

    /**
     * The planner's statistics of the queue, refreshed for the messages just added (see Expansion.sql),
     * once per fourfold growth of a campaign's messages: a few ANALYZEs however large the audience.
     */
    private void analyzeQueue() {
        try {
            jdbi.useHandle(h -> h.execute(SQL.get("analyze-queue")));
        } catch (JdbiException e) {
            LOG.warn("cannot refresh the statistics of the message table after queueing a campaign's messages ({}); "
                    + "until autovacuum analyzes it, each claim may read every queued message", e.getMessage());
        }
    }
}
