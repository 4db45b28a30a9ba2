package app.herald.tracking;

import app.herald.store.Queries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What may be kept of a batch's hits, decided per message in one query: the one place the writer
 * asks a campaign's tracking options and a contact's consent. A hit its campaign does not track
 * (opens or clicks switched off after sending), or of a contact who has since said no to tracking,
 * is dropped (a click still redirected). A hit of an anonymous campaign counts only in aggregates.
 */
final class HitPrivacy {
    private static final Queries SQL = Queries.of(HitPrivacy.class);

    /** A message's campaign and what it allows. {@code counted}: a campaign message, not a test send. */
    record Rule(long campaignId, boolean counted, boolean opens, boolean clicks, boolean anonymous, boolean consentWithdrawn) {
        boolean keeps(Hit hit) {
            return !consentWithdrawn && (hit.kind() == Hit.Kind.OPEN ? opens : clicks);
        }
    }

    private HitPrivacy() {
    }

    /** The rules of the hits' messages; a message that no longer exists has none (its hits are dropped). */
    static Map<Long, Rule> lookUp(Handle h, List<Hit> hits) {
        Map<Long, Rule> rules = new HashMap<>();
        h.createQuery(SQL.get("rules"))
                .bind("ids", SqlArrays.int8(hits.stream().map(Hit::messageId).distinct().toList()))
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), new Rule(rs.getLong("campaign_id"), rs.getBoolean("counted"),
                        rs.getBoolean("track_opens"), rs.getBoolean("track_clicks"), rs.getBoolean("anonymous"),
                        rs.getBoolean("consent_withdrawn"))))
                .forEach(e -> rules.put(e.getKey(), e.getValue()));
        return rules;
    }
}
