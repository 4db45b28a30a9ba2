package app.herald.delivery;

import app.herald.config.SendingConfig.Window;
import app.herald.store.Queries;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sliding-window counters in PostgreSQL, shared by every node: a slot is taken in all of a
 * message's scopes or in none, under an advisory lock per scope, so the limits hold however many
 * nodes send. Each window is counted in sixty buckets; a bucket that overlaps the window counts
 * whole, which errs on the side of sending less.
 */
final class SendWindows {
    private static final Queries SQL = Queries.of(SendWindows.class);

    /** A limit's counter: {@code name} is "all" or "domain:gmail.com". */
    record Scope(String name, Window window) {
        Scope {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(window, "window");
        }

        long spanSeconds() {
            return window.span().toSeconds();
        }

        long bucketSeconds() {
            return Math.max(1, spanSeconds() / 60);
        }
    }

    private final Jdbi jdbi;

    SendWindows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Takes one slot in each scope, or none when any is full; then returns how long until the
     * fullest frees a slot, and which scope that is.
     */
    Optional<Full> take(List<Scope> scopes) {
        // locks in one order on every node, so two nodes taking the same scopes cannot deadlock
        List<Scope> ordered = scopes.stream().sorted(Comparator.comparing(Scope::name)).toList();
        return jdbi.inTransaction(h -> {
            Full full = null;
            for (Scope s : ordered) {
                h.createQuery(SQL.get("lock")).bind("scope", s.name()).mapTo(Integer.class).one();
                var used = h.createQuery(SQL.get("used")).bind("scope", s.name()).bind("span_seconds", s.spanSeconds())
                        .bind("bucket_seconds", s.bucketSeconds())
                        .map((rs, ctx) -> new long[] {rs.getLong("used"), (long) Math.ceil(rs.getDouble("retry_seconds") * 1000)})
                        .one();
                if (used[0] >= s.window().messages()) {
                    Duration wait = Duration.ofMillis(Math.max(100, used[1]));
                    if (full == null || wait.compareTo(full.retryAfter()) > 0) {
                        full = new Full(s, wait);
                    }
                }
            }
            if (full != null) {
                return Optional.of(full);
            }
            for (Scope s : ordered) {
                h.createUpdate(SQL.get("take")).bind("scope", s.name()).bind("bucket_seconds", s.bucketSeconds()).execute();
                h.createUpdate(SQL.get("forget")).bind("scope", s.name()).bind("span_seconds", s.spanSeconds())
                        .bind("bucket_seconds", s.bucketSeconds()).execute();
            }
            return Optional.<Full>empty();
        });
    }

    /** The scope that had no slot left, and how long until it has one. */
    record Full(Scope scope, Duration retryAfter) {
    }
}
