package app.herald.store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedPostgresRecoveryTest}: starts the server, commits a row, then
 * waits to be stopped. With {@code graceful} as second argument it stops as Herald does on SIGTERM: a
 * shutdown hook that still writes (as the hit writer and delivery recorder drain) and then closes.
 */
public final class EmbeddedPostgresChild {
    public static void main(String[] args) throws Exception {
        Database db = Database.embedded(Path.of(args[0]), 2);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO setting (key, value) VALUES ('before-kill', 'kept')"));
        if (args.length > 1 && args[1].equals("graceful")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(1_000); // any other shutdown hook has had its time by now
                    db.jdbi().useHandle(h -> h.execute("INSERT INTO setting (key, value) VALUES ('while-stopping', 'written')"));
                    System.out.println("WRITTEN");
                } catch (Exception e) {
                    System.out.println("NOT WRITTEN: " + e);
                } finally {
                    db.close();
                }
            }));
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
