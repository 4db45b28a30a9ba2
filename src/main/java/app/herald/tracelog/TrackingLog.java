package app.herald.tracelog;

import app.herald.HeraldException;
import app.herald.config.MessageTrackingLogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's message tracking log, in Exchange 2013's format (see docs/message-tracking-log.md).
 *
 * <p>{@link #record} only queues the event; one writer thread formats and writes. The queue is
 * bounded: when the writer falls behind, {@code record} waits for room (back-pressure) and never
 * drops an event. Written events reach the operating system at least every flush interval (200 ms)
 * and on {@link #flush}/{@link #close}; a process crash loses at most what was recorded in the last
 * flush interval plus whatever was still queued. Thread-safe.
 */
public final class TrackingLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingLog.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final long OFFER_MILLIS = 100;

    /** Tuning: queue capacity, how often buffers are flushed, how often retention runs, and the clock. */
    record Options(int queueCapacity, Duration flushInterval, Duration retentionInterval, Clock clock) {
        static Options defaults() {
            return new Options(16_384, Duration.ofMillis(200), Duration.ofMinutes(1), Clock.systemUTC());
        }
    }

    private static final TrackingLog DISABLED = new TrackingLog();

    private final MessageTrackingLogConfig config;
    private final BlockingQueue<Object> queue;
    private final LogWriter writer;
    private final Thread thread;
    // read side: record and flush (many at once); write side: close, so nothing is queued after the last mark
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean closed;

    private TrackingLog() {
        this.config = null;
        this.queue = null;
        this.writer = null;
        this.thread = null;
        this.closed = true;
    }

    private TrackingLog(MessageTrackingLogConfig config, Options options) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.writer = new LogWriter(queue, config, options);
        this.thread = Thread.ofPlatform().name("herald-tracking-log").daemon().start(writer);
    }

    /**
     * Opens the log at the configured path (creating the directory) and starts its writer; a
     * disabled configuration gives {@link #disabled()}.
     *
     * @throws HeraldException when the directory cannot be created or written
     */
    public static TrackingLog open(MessageTrackingLogConfig config) {
        return open(config, Options.defaults());
    }

    static TrackingLog open(MessageTrackingLogConfig config, Options options) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            return DISABLED;
        }
        Path dir = config.path();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HeraldException("cannot create the message tracking log directory " + dir + ": " + e
                    + "; set message_tracking_log.path (HERALD_MESSAGE_TRACKING_LOG_PATH) to a writable directory", e);
        }
        if (!Files.isWritable(dir)) {
            throw new HeraldException("the message tracking log directory " + dir + " is not writable; fix its permissions "
                    + "or set message_tracking_log.path (HERALD_MESSAGE_TRACKING_LOG_PATH)");
        }
        TrackingLog log = new TrackingLog(config, options);
        LOG.info("message tracking log: writing to {} (subject logging {})", dir, config.subjectLoggingEnabled() ? "on" : "off");
        return log;
    }

    /** A log that records nothing: for message_tracking_log.enabled = false, and for tests that do not look at it. */
    public static TrackingLog disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return this != DISABLED;
    }

    /** Queues the event, waiting while the queue is full. After close, the event is counted as lost and a warning logged. */
    public void record(LogEvent event) {
        if (this == DISABLED) {
            return;
        }
        Objects.requireNonNull(event, "event");
        enqueue(event);
    }

    /** Waits until every event recorded before this call has been handed to the operating system. */
    public void flush() {
        if (this == DISABLED) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        if (enqueue(new LogWriter.FlushMark(done, false))) {
            await(done, CLOSE_WAIT);
        }
    }

    /** Events that could not be queued: recorded after close, or by an interrupted thread. */
    public long lost() {
        return lost.get();
    }

    private boolean enqueue(Object item) {
        gate.readLock().lock();
        try {
            if (closed) {
                lose(item, "the log is closed");
                return false;
            }
            while (!queue.offer(item, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    lose(item, "its writer thread has stopped");
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lose(item, "the recording thread was interrupted");
            return false;
        } finally {
            gate.readLock().unlock();
        }
    }

    private void lose(Object item, String why) {
        if (item instanceof LogEvent e) {
            lost.incrementAndGet();
            LOG.warn("message tracking log: a {} event was not written because {}", e.eventId(), why);
        }
    }

    /** Stops accepting events, writes and flushes everything queued, and closes the files (waits up to 30 s). */
    @Override
    public void close() {
        if (this == DISABLED) {
            return;
        }
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        CountDownLatch done = new CountDownLatch(1);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            while (!queue.offer(new LogWriter.FlushMark(done, true), OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    break;
                }
            }
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            writer.abandon();
            LOG.error("message tracking log: {} events could not be written to {} within {} s of shutdown and are lost",
                    queue.size(), config.path(), CLOSE_WAIT.toSeconds());
        }
    }

    private static void await(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("message tracking log: a flush did not finish within {} s; is the disk full?", timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
