package app.herald.privacy;

import app.herald.store.Queries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes opens and clicks older than tracking.retention, once an hour. Reports never read events
 * (they read counters), so the numbers do not change. Every node sharing the database may run it:
 * each deletes in small batches with SKIP LOCKED, so they neither block nor repeat each other's work.
 */
public final class TrackingRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingRetention.class);
    private static final Queries SQL = Queries.of(TrackingRetention.class);
    private static final int BATCH = 5_000;
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public TrackingRetention(Jdbi jdbi, Duration retention, Clock clock) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.clock = clock;
    }

    /** Runs {@link #deleteExpired()} a minute from now and every hour after. */
    public TrackingRetention start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("herald-tracking-retention").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(this::runSafely, FIRST_RUN.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
        LOG.info("tracking retention: opens and clicks older than {} are deleted every {}", retention, INTERVAL);
        return this;
    }

    /** Deletes every open and click older than the retention; returns how many. */
    public long deleteExpired() {
        Instant before = clock.instant().minus(retention);
        long total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(h -> h.createUpdate(SQL.get("delete-old-events"))
                    .bind("before", before.toString()).bind("batch", BATCH).execute());
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            LOG.info("tracking retention: deleted {} opens and clicks from before {}", total, before);
        }
        return total;
    }

    private void runSafely() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            LOG.warn("tracking retention: deleting old events failed, trying again in {}: {}", INTERVAL, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
