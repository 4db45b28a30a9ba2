package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.tracelog.TrackingLog;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes opens and clicks off the request path: endpoints enqueue, one writer thread drains the
 * queue in batches and writes each batch in one transaction. The writer takes whatever has queued
 * up (at most {@code batchSize}) as soon as the previous batch is committed, so a quiet server
 * writes each hit at once and a busy one groups them, the way a group commit does.
 *
 * <p>Nothing is dropped: a full queue makes the request wait (back-pressure) and, if it is still full
 * after a while, fails the request rather than pretend; a failed write is retried with backoff;
 * {@link #close()} stops accepting, drains and writes everything. A hit is acknowledged to the
 * client once queued, so a crash (not a graceful stop) can still lose the queue; durable
 * acknowledgement is a later step.
 */
public final class HitRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HitRecorder.class);
    private static final int DEFAULT_CAPACITY = 50_000;
    private static final int DEFAULT_BATCH = 5_000;
    private static final Duration ENQUEUE_WAIT = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final IpStorage ipStorage;
    private final HitWriter writer;
    private final HitEvents events;
    private final BlockingQueue<Hit> queue;
    private final int batchSize;
    private final Thread thread;
    // Enqueuers count themselves in before looking at closed, and close() waits for the count to drop
    // to zero after setting it, so no enqueue slips in after the last drain. (A read-write lock did
    // this before; it keeps a per-thread hold count, which costs an allocation on every new virtual
    // thread, that is, on every request.)
    private final AtomicInteger enqueuing = new AtomicInteger();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closed;
    /** Set once closed and every enqueuer has finished: from then on, an empty queue means done. */
    private volatile boolean drained;
    private volatile boolean abandoned;

    /** Hits go to the database and, once written there, to the message tracking log {@code log}; addresses kept whole. */
    public HitRecorder(Jdbi jdbi, TrackingLog log) {
        this(jdbi, DEFAULT_CAPACITY, DEFAULT_BATCH, log, IpStorage.FULL);
    }

    /** As above, storing and logging client addresses as {@code ipStorage} says. */
    public HitRecorder(Jdbi jdbi, TrackingLog log, IpStorage ipStorage) {
        this(jdbi, DEFAULT_CAPACITY, DEFAULT_BATCH, log, ipStorage);
    }

    HitRecorder(Jdbi jdbi, int capacity, int batchSize, TrackingLog log) {
        this(jdbi, capacity, batchSize, log, IpStorage.FULL);
    }

    HitRecorder(Jdbi jdbi, int capacity, int batchSize, TrackingLog log, IpStorage ipStorage) {
        this.ipStorage = ipStorage;
        this.writer = new HitWriter(jdbi, ipStorage);
        this.events = new HitEvents(jdbi, log, ipStorage);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = Thread.ofPlatform().name("herald-hit-writer").daemon().start(this::run);
    }

    /**
     * Queues a hit, waiting briefly when the queue is full.
     *
     * @throws TrackingUnavailableException when closed, or still full after the wait
     */
    void record(Hit hit) {
        enqueuing.incrementAndGet();
        try {
            if (closed) {
                throw new TrackingUnavailableException("the hit recorder is closed; Herald is shutting down");
            }
            if (!queue.offer(hit) && !queue.offer(hit, ENQUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TrackingUnavailableException("the hit queue is still full after " + ENQUEUE_WAIT.toMillis()
                        + " ms (" + queue.size() + " hits waiting); the database is not keeping up, check its health");
            }
            enqueued.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingUnavailableException("interrupted while waiting for room in the hit queue");
        } finally {
            enqueuing.decrementAndGet();
        }
    }

    /** The client address as tracking.ip_storage lets Herald store it (for the unsubscribe event, written by the caller). */
    String storedAddress(String ip) {
        return ipStorage.reduce(ip);
    }

    /** Logs an unsubscribe that the caller has just committed (unsubscribes are written at once, not queued). */
    void unsubscribed(long messageId, Instant at, String ip, String userAgent) {
        events.unsubscribed(messageId, at, ip, userAgent);
    }

    /** Waits until every hit queued before this call is written; false if that took longer than the timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    /** Hits queued and not yet written. */
    public long pending() {
        return enqueued.get() - written.get();
    }

    /** Stops accepting hits, then writes every queued one (waiting up to 30 s for the database). */
    @Override
    public void close() {
        closed = true;
        try {
            // an enqueuer that counted itself in before closed was set may still be adding its hit
            while (enqueuing.get() > 0) {
                Thread.sleep(1);
            }
            drained = true;
            thread.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            abandoned = true;
            LOG.error("hit recorder: {} opens/clicks could not be written within {} s of shutdown and are lost; "
                    + "the database was unreachable", pending(), CLOSE_WAIT.toSeconds());
        }
    }

    private void run() {
        List<Hit> batch = new ArrayList<>(batchSize);
        try {
            while (!abandoned) {
                Hit first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (drained) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                events.written(writeUntilDone(batch));
                written.addAndGet(batch.size());
                batch.clear();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            LOG.error("hit recorder: writer interrupted with {} hits not written", pending());
        }
    }

    /**
     * The database's primary message without the statement, its arguments or the failing row,
     * which carry addresses and user agents that must not reach the log.
     */
    static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage().getMessage() + " (SQLSTATE " + p.getSQLState() + ")";
            }
            if (t instanceof SQLException sql) {
                // client-side failures (no connection, pool timeout) carry no row data
                return sql.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")";
            }
        }
        return e.getClass().getSimpleName();
    }

    /** The hits stored per person, which the tracking log may name (not those privacy left out or kept only in aggregates). */
    private List<Hit> writeUntilDone(List<Hit> batch) throws InterruptedException {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                List<Hit> personal = writer.write(batch);
                if (attempt > 1) {
                    LOG.info("hit recorder: batch of {} hits written after {} attempts", batch.size(), attempt);
                }
                return personal;
            } catch (RuntimeException e) {
                if (abandoned) {
                    throw new InterruptedException("abandoned at shutdown");
                }
                LOG.warn("hit recorder: writing a batch of {} hits failed (attempt {}), retrying in {} ms: {}",
                        batch.size(), attempt, backoff, cause(e));
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }
}
