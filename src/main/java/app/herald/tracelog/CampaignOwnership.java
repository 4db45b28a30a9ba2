package app.herald.tracelog;

import app.herald.store.Queries;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Message ownership from the database: a message is a user's when its campaign's owner_user_id is theirs. */
public final class CampaignOwnership implements DeliveryReports.Ownership {
    private static final Queries SQL = Queries.of(CampaignOwnership.class);

    private final Jdbi jdbi;

    public CampaignOwnership(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Set<Long> owned(long userId, List<Long> messageIds) {
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery(SQL.get("owned-messages"))
                .bind("user_id", userId).bindArray("ids", Long.class, messageIds).mapTo(Long.class).list()));
    }
}
