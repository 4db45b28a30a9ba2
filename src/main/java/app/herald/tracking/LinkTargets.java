package app.herald.tracking;

import app.herald.store.Queries;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a click goes: the URL that the message's campaign numbered {@code idx}, nothing else. Both
 * mappings (message to campaign, campaign link to URL) never change once written, so they are
 * cached; only a miss asks the database.
 */
final class LinkTargets {
    private static final Queries SQL = Queries.of(LinkTargets.class);

    record Target(long campaignId, String url) {
    }

    private record LinkKey(long campaignId, int idx) {
    }

    private final Jdbi jdbi;
    private final BoundedCache<Long, Long> campaignOfMessage;
    private final BoundedCache<LinkKey, String> urls;

    LinkTargets(Jdbi jdbi, int capacity) {
        this.jdbi = jdbi;
        this.campaignOfMessage = new BoundedCache<>(capacity);
        this.urls = new BoundedCache<>(capacity);
    }

    /** The target of link {@code idx} in this message; empty when the message or its campaign's link does not exist. */
    Optional<Target> find(long messageId, int idx) {
        Long campaignId = campaignOfMessage.get(messageId);
        if (campaignId != null) {
            String url = urls.get(new LinkKey(campaignId, idx));
            if (url != null) {
                return Optional.of(new Target(campaignId, url));
            }
        }
        Optional<Target> found = jdbi.withHandle(h -> h.createQuery(SQL.get("find-target"))
                .bind("message_id", messageId)
                .bind("idx", idx)
                .map((rs, ctx) -> new Target(rs.getLong("campaign_id"), rs.getString("url")))
                .findOne());
        found.ifPresent(t -> {
            campaignOfMessage.put(messageId, t.campaignId());
            urls.put(new LinkKey(t.campaignId(), idx), t.url());
        });
        return found;
    }
}
