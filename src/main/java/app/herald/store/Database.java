package app.herald.store;

import app.herald.HeraldException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's one database: the embedded PostgreSQL under the data directory, or an external server
 * when a JDBC URL is given. Owns the connection pool, the migrations and the Jdbi instance; the
 * features own their queries.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Optional<EmbeddedPostgresServer> embedded;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String description;

    private Database(Optional<EmbeddedPostgresServer> embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
        this.description = description;
    }

    /** Starts the embedded server in {@code dataDir/postgres}, migrates, and connects. */
    public static Database embedded(Path dataDir, int poolSize) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
        try {
            return connect(Optional.of(server), server.jdbcUrl(), "postgres", "", poolSize,
                    "embedded PostgreSQL in " + dataDir.resolve("postgres"));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Connects to an external server and migrates its schema. */
    public static Database external(String jdbcUrl, String user, String password, int poolSize) {
        return connect(Optional.empty(), jdbcUrl, user, password, poolSize, redact(jdbcUrl));
    }

    private static Database connect(Optional<EmbeddedPostgresServer> embedded, String url, String user, String password,
                                    int poolSize, String description) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("herald-db");
        hc.setInitializationFailTimeout(15_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new HeraldException("cannot connect to PostgreSQL at " + description + " as user '" + user + "': "
                    + rootMessage(e) + " (check HERALD_DB_URL, HERALD_DB_USER, HERALD_DB_PASSWORD)", e);
        }
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new HeraldException("cannot migrate the schema of " + description + ": " + rootMessage(e), e);
        }
        LOG.info("database ready: {}", description);
        return new Database(embedded, pool, description);
    }

    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)password=[^&]*", "password=***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
