package app.herald.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Claims batches for one node, each starting where the previous one ended, so that a claim does not
 * step over the rows still being sent (and the dead versions of rows already sent) at the front of
 * the queue. When a claim from there comes back short, the rest is claimed from the start of the
 * queue, which also picks up messages that were given back or reclaimed behind the cursor. Used by
 * the claiming thread only; {@link #restart()} may be called from any thread.
 */
final class ClaimCursor {
    private final MessageQueue queue;
    private final int batchSize;
    private long afterCampaign;
    private long afterId;
    private volatile boolean restart;

    ClaimCursor(MessageQueue queue, int batchSize) {
        this.queue = queue;
        this.batchSize = batchSize;
    }

    /** The next claim starts from the beginning of the queue (a new campaign may sort before the cursor). */
    void restart() {
        restart = true;
    }

    List<Outgoing> claim() {
        if (restart) {
            restart = false;
            afterCampaign = 0;
            afterId = 0;
        }
        List<Outgoing> batch = new ArrayList<>(queue.claim(batchSize, afterCampaign, afterId));
        if (batch.size() < batchSize && (afterCampaign != 0 || afterId != 0)) {
            batch.addAll(queue.claim(batchSize - batch.size()));
        }
        if (batch.isEmpty()) {
            afterCampaign = 0;
            afterId = 0;
        } else {
            Outgoing last = batch.getLast();
            afterCampaign = last.campaignId();
            afterId = last.id();
        }
        return batch;
    }
}
