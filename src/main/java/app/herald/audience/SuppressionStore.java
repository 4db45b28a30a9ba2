package app.herald.audience;

import app.herald.store.Queries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The suppression list in PostgreSQL. Addresses and domains are stored lower-case. */
final class SuppressionStore {
    private static final Queries SQL = Queries.of(SuppressionStore.class);

    private final Jdbi jdbi;

    SuppressionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds the entry unless it exists; an existing entry keeps its first reason and source. */
    Suppression.Added add(Optional<String> address, Optional<String> domain, String reason, SuppressionSource source) {
        return jdbi.inTransaction(h -> {
            Optional<Suppression> inserted = h.createQuery(SQL.get("insert"))
                    .bind("address", address.orElse(null)).bind("domain", domain.orElse(null))
                    .bind("reason", reason).bind("source", source.dbName())
                    .map(SuppressionStore::map).findOne();
            if (inserted.isPresent()) {
                return new Suppression.Added(inserted.get(), true);
            }
            return new Suppression.Added(h.createQuery(SQL.get("find-entry"))
                    .bind("address", address.orElse(null)).bind("domain", domain.orElse(null))
                    .map(SuppressionStore::map).one(), false);
        });
    }

    Optional<Suppression> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find")).bind("id", id).map(SuppressionStore::map).findOne());
    }

    /** Entries whose address or domain contains {@code search} (all when empty), newest first. */
    List<Suppression> list(Optional<String> search, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("list")).bind("search", search.orElse(null))
                .bind("offset", offset).bind("limit", limit).map(SuppressionStore::map).list());
    }

    Optional<Suppression> delete(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("delete")).bind("id", id).map(SuppressionStore::map).findOne());
    }

    /** The entry that stops mail to this address: its own, or its domain's. */
    Optional<Suppression> matching(String email) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("matching")).bind("email", email)
                .map(SuppressionStore::map).findFirst());
    }

    private static Suppression map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Suppression(rs.getLong("id"), Optional.ofNullable(rs.getString("address")),
                Optional.ofNullable(rs.getString("domain")), rs.getString("reason"),
                SuppressionSource.fromDb(rs.getString("source")), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
