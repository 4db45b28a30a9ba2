package app.herald.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages this node has claimed and not yet recorded or given back: exactly the leases it
 * renews. Renewing only these (not every row the node's name holds in the table) matters when a
 * result could not be written: that message's lease then runs out and another node (or this one)
 * sends it again, instead of the row staying leased, and its campaign unfinished, for as long as
 * this node lives.
 */
final class Leases {
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    void hold(Collection<Outgoing> messages) {
        messages.forEach(m -> held.add(m.id()));
    }

    void done(Collection<Outgoing> messages) {
        messages.forEach(m -> held.remove(m.id()));
    }

    void doneWith(Collection<Attempt> attempts) {
        attempts.forEach(a -> held.remove(a.message().id()));
    }

    List<Long> held() {
        return List.copyOf(held);
    }
}
