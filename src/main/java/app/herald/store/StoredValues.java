package app.herald.store;

import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Small values Herald generates once and keeps in the database, shared by every node. */
public final class StoredValues {
    private static final Queries SQL = Queries.of(StoredValues.class);

    private final Jdbi jdbi;

    public StoredValues(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> find(String key) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find")).bind("key", key).mapTo(String.class).findOne());
    }

    /** The stored value, or the supplied one stored now; when two nodes race, both get the winner's. */
    public String getOrCreate(String key, Supplier<String> initial) {
        return jdbi.inTransaction(h -> {
            h.createUpdate(SQL.get("insert-if-absent")).bind("key", key).bind("value", initial.get()).execute();
            return h.createQuery(SQL.get("find")).bind("key", key).mapTo(String.class).one();
        });
    }

    public void put(String key, String value) {
        jdbi.useHandle(h -> h.createUpdate(SQL.get("upsert")).bind("key", key).bind("value", value).execute());
    }
}
