package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.tracelog.TrackingLog;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * Takes opens and clicks off the request path: endpoints record, one writer thread drains the
 * queue in batches and writes each batch in one transaction. The writer takes whatever has queued
 * up (at most {@code batchSize}) as soon as the previous batch is committed, so a quiet server
 * writes each hit at once and a busy one groups them, the way a group commit does. Once busy (the
 * previous batch held {@value #BUSY_BATCH} hits or more, but fewer than a full batch), it starts a
 * batch no sooner than {@link #LINGER} after the previous one started: much of a batch's cost is
 * per message (its counters, its lock) and per batch, so fewer, larger batches store the same hits
 * for less. The answer to the request does not wait for this (the journal holds the hit); only
 * reports see a hit up to that much later.
 *
 * <p>Herald records through a {@link HitJournal} ({@link #durable}): {@link #record} returns once
 * the hit is forced to the local journal, the writer stores the journal position of each batch in
 * the batch's transaction, and on start the hits after that position are written again. So an answered
 * hit survives a crash, and none is counted twice. Without a journal (tests, tools) a hit is only
 * queued, and a crash loses the queue.
 *
 * <p>Nothing is dropped: a full queue makes the request wait (back-pressure) and, if it is still full
 * after a while, fails the request rather than pretend; a failed write is retried with backoff;
 * {@link #close()} stops accepting, drains and writes everything.
 */
public final class HitRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HitRecorder.class);
    /** What the hit journal may hold not yet stored before hits are refused (about ten million hits). */
    public static final long JOURNAL_LIMIT = 1L << 30;
    private static final int DEFAULT_CAPACITY = 50_000;
    private static final int DEFAULT_BATCH = 5_000;
    private static final Duration ENQUEUE_WAIT = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int BUSY_BATCH = 100;
    private static final Duration LINGER = Duration.ofMillis(200);

    private final IpStorage ipStorage;
    private final HitWriter writer;
    private final HitEvents events;
    /** Hits in journal order; {@code end} is null without a journal. */
    private final BlockingQueue<HitJournal.Entry> queue;
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
    private volatile HitJournal journal;

    /** Hits go to the database and, once written there, to the message tracking log {@code log}; addresses kept whole. */
    public HitRecorder(Jdbi jdbi, TrackingLog log) {
        this(jdbi, DEFAULT_CAPACITY, DEFAULT_BATCH, log, IpStorage.FULL);
    }

    /** As above, storing and logging client addresses as {@code ipStorage} says. */
    public HitRecorder(Jdbi jdbi, TrackingLog log, IpStorage ipStorage) {
        this(jdbi, DEFAULT_CAPACITY, DEFAULT_BATCH, log, ipStorage);
    }

    /**
     * A recorder that acknowledges a hit once it is in the journal under {@code dataDir} (see
     * {@link HitJournalFiles}), after handing the writer every hit of that journal not yet in the
     * database. {@code maxJournalBytes} bounds what the journal may hold while the database lags.
     */
    public static HitRecorder durable(Jdbi jdbi, TrackingLog log, IpStorage ipStorage, Path dataDir, long maxJournalBytes) {
        HitRecorder recorder = null;
        try {
            HitJournalFiles files = HitJournalFiles.in(dataDir);
            recorder = new HitRecorder(jdbi, DEFAULT_CAPACITY, DEFAULT_BATCH, log, ipStorage, files.nodeId());
            HitRecorder r = recorder;
            long replayed = files.replay(recorder.writer.checkpoint(files.nodeId()), r::enqueue);
            if (replayed > 0) {
                LOG.info("hit journal: {} hits in {} were not yet in the database (Herald stopped without writing them); "
                        + "they are written now", replayed, files.directory());
            }
            recorder.journal = HitJournal.open(files, r::enqueue, maxJournalBytes);
            return recorder;
        } catch (IOException e) {
            if (recorder != null) {
                recorder.close();
            }
            throw new TrackingUnavailableException("cannot open the hit journal under " + dataDir + ": " + e.getMessage()
                    + "; check that the data directory is writable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.close();
            throw new TrackingUnavailableException("interrupted while replaying the hit journal");
        }
    }

    HitRecorder(Jdbi jdbi, int capacity, int batchSize, TrackingLog log) {
        this(jdbi, capacity, batchSize, log, IpStorage.FULL, null);
    }

    HitRecorder(Jdbi jdbi, int capacity, int batchSize, TrackingLog log, IpStorage ipStorage) {
        this(jdbi, capacity, batchSize, log, ipStorage, null);
    }

    private HitRecorder(Jdbi jdbi, int capacity, int batchSize, TrackingLog log, IpStorage ipStorage, UUID nodeId) {
        this.ipStorage = ipStorage;
        this.writer = new HitWriter(jdbi, ipStorage, nodeId);
        this.events = new HitEvents(jdbi, log, ipStorage);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = Thread.ofPlatform().name("herald-hit-writer").daemon().start(this::run);
    }

    /**
     * Records a hit: with a journal, returns once it is on disk there; without, once it is queued.
     * Waits briefly when the queue is full.
     *
     * @throws TrackingUnavailableException when closed, or still full after the wait, or the journal cannot write
     */
    void record(Hit hit) {
        HitJournal j = journal;
        if (j != null) {
            j.append(hit);
            return;
        }
        enqueue(hit, null);
    }

    /**
     * Records a hit without blocking the caller when there is a journal: {@code ack} is told once the
     * hit is on disk there. Without a journal the hit is queued (waiting briefly when the queue is full)
     * and {@code ack} told at once.
     *
     * @throws TrackingUnavailableException when closed, the journal is full, or the queue still full after the wait
     */
    void record(Hit hit, HitJournal.Acknowledgement ack) {
        HitJournal j = journal;
        if (j != null) {
            j.append(hit, ack);
            return;
        }
        enqueue(hit, null);
        ack.stored();
    }

    /** Queues the journal's forced hits in order, waiting as long as the queue is full (the journal holds them meanwhile). */
    private void enqueue(List<HitJournal.Entry> entries) throws InterruptedException {
        for (HitJournal.Entry e : entries) {
            queue.put(e);
            enqueued.incrementAndGet();
        }
    }

    private void enqueue(Hit hit, HitJournal.Position end) {
        HitJournal.Entry entry = new HitJournal.Entry(hit, end);
        enqueuing.incrementAndGet();
        try {
            if (closed) {
                throw new TrackingUnavailableException("the hit recorder is closed; Herald is shutting down");
            }
            if (!queue.offer(entry) && !queue.offer(entry, ENQUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
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
        if (journal != null) {
            journal.close(); // forces and queues its last group
        }
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
        List<HitJournal.Entry> batch = new ArrayList<>(batchSize);
        long started = 0;
        int previous = 0;
        try {
            while (!abandoned) {
                HitJournal.Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (drained) {
                        return;
                    }
                    continue;
                }
                if (previous >= BUSY_BATCH && previous < batchSize) {
                    linger(started + LINGER.toNanos());
                }
                started = System.nanoTime();
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                List<Hit> hits = new ArrayList<>(batch.size());
                for (HitJournal.Entry e : batch) {
                    hits.add(e.hit());
                }
                HitJournal.Position checkpoint = batch.getLast().end();
                List<Hit> personal = writeUntilDone(hits, checkpoint);
                if (checkpoint != null && journal != null) {
                    journal.stored(checkpoint);
                }
                events.written(personal);
                written.addAndGet(batch.size());
                previous = batch.size();
                batch.clear();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            LOG.error("hit recorder: writer interrupted with {} hits not written", pending());
        }
    }

    /** Waits until {@code deadline} (System.nanoTime) while a full batch has not queued up and the recorder is open. */
    private void linger(long deadline) throws InterruptedException {
        long left;
        while (!closed && queue.size() < batchSize - 1 && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
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
    private List<Hit> writeUntilDone(List<Hit> batch, HitJournal.Position checkpoint) throws InterruptedException {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                List<Hit> personal = writer.write(batch, checkpoint);
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
