package app.herald.delivery;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes send results, retrying briefly: a result that is lost leaves its message leased, and after
 * the lease expires it is sent again, so giving up early means duplicates.
 */
final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int TRIES = 5;

    private final MessageQueue queue;
    private final Leases leases;

    /** {@code leases}: the claimed messages whose leases are renewed; those recorded or given back leave it. */
    Recorder(MessageQueue queue, Leases leases) {
        this.queue = queue;
        this.leases = leases;
    }

    /** Writes the results; returns the campaigns whose every recipient queued so far now has a final result. */
    List<Long> record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        try {
            return write(attempts);
        } finally {
            leases.doneWith(attempts);
        }
    }

    private List<Long> write(List<Attempt> attempts) {
        for (int i = 1; ; i++) {
            try {
                MessageQueue.Recorded recorded = queue.record(attempts);
                if (recorded.rows() < attempts.size()) {
                    LOG.warn("{} of {} send results arrived after their lease was lost and were not recorded again",
                            attempts.size() - recorded.rows(), attempts.size());
                }
                return recorded.settledCampaigns();
            } catch (RuntimeException e) {
                if (i == TRIES) {
                    LOG.error("cannot record {} send results after {} tries: {}; these messages are sent again when their "
                            + "lease expires", attempts.size(), TRIES, e.getMessage(), e);
                    return List.of();
                }
                Dispatcher.sleepQuietly(Duration.ofSeconds(i));
            }
        }
    }

    void release(List<Outgoing> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        try {
            queue.release(unsent);
        } catch (RuntimeException e) {
            LOG.warn("cannot give {} unsent messages back to the queue: {}; they are queued again when their lease expires",
                    unsent.size(), e.getMessage());
        } finally {
            leases.done(unsent);
        }
    }
}
