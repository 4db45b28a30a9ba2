package app.herald.store;

import app.herald.HeraldException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-install PostgreSQL 17 that Herald runs itself from binaries shipped in the jar.
 *
 * <p>Two hazards are handled here. The library's defaults are made for throw-away test databases:
 * it passes {@code -F} (fsync off) and turns {@code synchronous_commit} off, so a power cut could
 * lose data Herald already acknowledged; we pass {@code -c fsync=on} after {@code -F} (later
 * options win) and turn {@code synchronous_commit} and {@code full_page_writes} back on. And after
 * a {@code kill -9} of Herald the postmaster it started keeps running on the data directory; the
 * next start finds it through {@code postmaster.pid} and shuts it down cleanly (a fast shutdown
 * loses no committed data) before starting its own.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STALE_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Optional<EmbeddedPostgres> owned;
    private final int port;

    private EmbeddedPostgresServer(Optional<EmbeddedPostgres> owned, int port) {
        this.owned = owned;
        this.port = port;
    }

    /**
     * Starts the server, or attaches to it when another live Herald process (say `herald serve`
     * while an operator runs `herald import`) already runs it on this data directory.
     */
    static EmbeddedPostgresServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            Path portFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".port");
            if (ownedByLiveProcess(dataDirectory)) {
                int port = Integer.parseInt(Files.readString(portFile).trim());
                LOG.info("embedded PostgreSQL on {} is run by another Herald process; connecting to port {}", dataDirectory, port);
                return new EmbeddedPostgresServer(Optional.empty(), port);
            }
            stopLeftoverServer(dataDirectory);
            Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(120))
                    // Herald stops it in close(), after its writers have flushed; the library's own hook
                    // would stop it at the same moment as Herald's, under writers still draining
                    .setRegisterShutdownHook(false)
                    // A pipe to this JVM would break when Herald is killed; a file does not.
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(portFile, Integer.toString(pg.getPort()));
            LOG.info("embedded PostgreSQL started: data {} port {}", dataDirectory, pg.getPort());
            return new EmbeddedPostgresServer(Optional.of(pg), pg.getPort());
        } catch (IOException e) {
            throw new HeraldException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage()
                    + " (see " + dataDirectory + ".log; to use another server set HERALD_DB_URL)", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The library holds an OS lock on epg-lock while its server runs; the OS drops it when that process dies. */
    private static boolean ownedByLiveProcess(Path dataDirectory) throws IOException {
        Path lockFile = dataDirectory.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very JVM
        }
    }

    /** If a postmaster from an earlier, killed Herald still runs on this directory, stop it (fast mode). */
    private static void stopLeftoverServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (leftover.isEmpty()) {
            return;
        }
        long pid = leftover.get().pid();
        LOG.warn("embedded PostgreSQL (pid {}) from an earlier run still owns {}; shutting it down before starting", pid, dataDirectory);
        // SIGINT is PostgreSQL's "fast" shutdown: it rolls back open transactions and checkpoints.
        new ProcessBuilder(List.of("kill", "-INT", Long.toString(pid))).inheritIO().start();
        Instant deadline = Instant.now().plus(STALE_STOP_TIMEOUT);
        while (leftover.get().isAlive() && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        if (leftover.get().isAlive()) {
            throw new IOException("PostgreSQL pid " + pid + " on " + dataDirectory + " did not stop within " + STALE_STOP_TIMEOUT.toSeconds() + "s; stop it by hand");
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (owned.isEmpty()) {
            return;
        }
        try {
            owned.get().close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
