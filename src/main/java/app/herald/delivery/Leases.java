package app.herald.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages this node has claimed and not yet recorded or given back, each with the time its
 * lease runs out as far as this node knows (claim or last renewal plus the lease). These are exactly
 * the leases it renews: not every row the node's name holds in the table, so that a message whose
 * result could not be written runs out of lease and is sent again, instead of staying leased (and
 * its campaign unfinished) for as long as the node lives. A worker sends a message only while its
 * lease has at least a third of a lease left: a node that was held up (a long pause, a starved
 * machine) past its lease must not send what another node may have taken over and sent meanwhile.
 */
final class Leases {
    private final Map<Long, Long> deadlines = new ConcurrentHashMap<>();
    private final long leaseNanos;

    Leases(Duration lease) {
        this.leaseNanos = lease.toNanos();
    }

    /** {@code since}: System.nanoTime() before the claim statement ran. */
    void hold(Collection<Outgoing> messages, long since) {
        messages.forEach(m -> deadlines.put(m.id(), since + leaseNanos));
    }

    /** The ids a renewal statement that started at {@code since} extended. */
    void renewed(Collection<Long> ids, long since) {
        ids.forEach(id -> deadlines.computeIfPresent(id, (k, old) -> since + leaseNanos));
    }

    /** Whether the message may still be sent: held, with a third of a lease or more left. */
    boolean usable(long id) {
        Long deadline = deadlines.get(id);
        return deadline != null && deadline - System.nanoTime() >= leaseNanos / 3;
    }

    void done(Collection<Outgoing> messages) {
        messages.forEach(m -> deadlines.remove(m.id()));
    }

    void doneWith(Collection<Attempt> attempts) {
        attempts.forEach(a -> deadlines.remove(a.message().id()));
    }

    List<Long> held() {
        return List.copyOf(deadlines.keySet());
    }
}
