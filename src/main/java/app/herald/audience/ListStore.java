package app.herald.audience;

import app.herald.store.Queries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Lists in PostgreSQL, read with their member counts. */
final class ListStore {
    private static final Queries SQL = Queries.of(ListStore.class);

    private final Jdbi jdbi;

    ListStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The new list's id, or empty when a list of that name (in any case) exists. */
    Optional<Long> create(String name) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("create")).bind("name", name).mapTo(Long.class).findOne());
    }

    Optional<ListSummary> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("get")).bind("id", id).map((rs, ctx) -> summary(rs)).findOne());
    }

    Optional<ListSummary> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find-by-name")).bind("name", name)
                .map((rs, ctx) -> summary(rs)).findOne());
    }

    List<ListSummary> all() {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("all")).map((rs, ctx) -> summary(rs)).list());
    }

    private static ListSummary summary(ResultSet rs) throws SQLException {
        return new ListSummary(rs.getLong("id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
                rs.getLong("members"), rs.getLong("active"), rs.getString("tracking_consent_default"));
    }

    /** Sets what an unknown consent means on this list (empty: the global setting); false when there is no such list. */
    boolean setTrackingConsentDefault(long id, Optional<TrackingConsent> consent) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("set-tracking-consent-default")).bind("id", id)
                .bind("consent", consent.map(TrackingConsent::dbName).orElse(null)).execute()) == 1;
    }
}
