package app.herald.store;

import java.nio.file.Path;

/** Run in a child JVM by {@link EmbeddedPostgresRecoveryTest}: starts the server, commits a row, then waits to be killed. */
public final class EmbeddedPostgresChild {
    public static void main(String[] args) throws Exception {
        Database db = Database.embedded(Path.of(args[0]), 2);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO setting (key, value) VALUES ('before-kill', 'kept')"));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
