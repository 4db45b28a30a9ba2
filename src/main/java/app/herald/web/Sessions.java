package app.herald.web;

import app.herald.HeraldException;
import app.herald.store.Queries;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Server-side admin UI sessions: the browser holds a random id, the database its hash, the user
 * and a CSRF token. Kept in PostgreSQL so that every Herald node behind a load balancer knows them.
 */
final class Sessions {
    private static final Queries SQL = Queries.of(Sessions.class);

    /** Sessions end this long after sign-in, however active; signing in again is one token away. */
    static final Duration LIFETIME = Duration.ofHours(12);

    record Opened(String id, String csrf) {
        Opened {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(csrf, "csrf");
        }
    }

    record Session(Users.User user, String csrf) {
        Session {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(csrf, "csrf");
        }
    }

    private final Jdbi jdbi;

    Sessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Opened open(Users.User user) {
        Opened opened = new Opened(Users.newToken(), Users.newToken());
        int inserted = jdbi.inTransaction(h -> {
            h.createUpdate(SQL.get("delete-expired")).execute();
            return h.createUpdate(SQL.get("insert"))
                    .bind("id", Users.sha256(opened.id()))
                    .bind("user_id", user.id())
                    .bind("csrf", opened.csrf())
                    .bind("seconds", LIFETIME.toSeconds())
                    .execute();
        });
        if (inserted != 1) {
            throw new HeraldException("cannot open a UI session: user " + user.id() + " no longer exists");
        }
        return opened;
    }

    Optional<Session> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find")).bind("id", Users.sha256(id))
                .map((rs, ctx) -> new Session(new Users.User(rs.getLong("id"), rs.getString("name"),
                        Users.Role.valueOf(rs.getString("role").toUpperCase())), rs.getString("csrf_token")))
                .findOne());
    }

    void close(String id) {
        jdbi.useHandle(h -> h.createUpdate(SQL.get("delete")).bind("id", Users.sha256(id)).execute());
    }
}
