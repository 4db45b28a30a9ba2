package app.herald.tracking;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The classifier's message histories kept in memory between batches, so that judging a batch reads
 * only the locked message rows, not the messages' recent hits, again and again. (Reading them back
 * per batch was what made the pixel ten times slower under load: a busy message's hits were read, and
 * scanned, with every batch it appeared in.)
 *
 * <p>A kept history is used only while it is exactly current: the message row's hit count (opens +
 * clicks, read under the row lock) and send time must equal what they were when the history was
 * kept. Hits written by another node, or by a transaction that failed after judging, change that, and
 * the history is then read from the database again. Histories judged in a batch become visible to the
 * next batch only once that batch committed ({@link #commit}); a failed batch forgets them.
 */
final class HitHistories {
    private static final int DEFAULT_CAPACITY = 10_000;

    private record Kept(HitHistory history, long hits, Instant sentAt) {
    }

    private final BoundedCache<Long, Kept> kept;
    private final Map<Long, Kept> staged = new HashMap<>();

    HitHistories() {
        this(DEFAULT_CAPACITY);
    }

    HitHistories(int capacity) {
        this.kept = new BoundedCache<>(capacity);
    }

    /** The kept history of a message whose row shows {@code hits} hits and this send time, if it is current. */
    HitHistory find(long messageId, long hits, Instant sentAt) {
        Kept k = kept.get(messageId);
        return k != null && k.hits() == hits && Objects.equals(k.sentAt(), sentAt) ? k.history() : null;
    }

    /** Notes the history a batch left for a message, which will hold {@code hits} hits once the batch commits. */
    void stage(long messageId, HitHistory history, long hits) {
        staged.put(messageId, new Kept(history, hits, history.sentAt()));
    }

    /** The staged batch committed: its histories are current. */
    void commit() {
        staged.forEach(kept::put);
        staged.clear();
    }

    /** The staged batch failed: its histories hold hits that were never written, so none of them is kept. */
    void discard() {
        staged.keySet().forEach(kept::remove);
        staged.clear();
    }
}
