package app.herald.tracelog;

import app.herald.config.MessageTrackingLogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: takes events off the queue in batches, formats each into its prefix's
 * buffered file, flushes the buffers to the operating system at least every flush interval (and at
 * each flush mark), and applies retention now and then. A write error is retried every second
 * without dropping the event, so a full disk stops the queue and, through it, whoever records
 * events: the log is never silently incomplete.
 */
final class LogWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    private static final int BATCH = 4096;
    private static final long RETRY_MILLIS = 1000;
    // After a small batch (under a quarter of the queue) the thread waits this long before it looks
    // again, so that events pile up instead of each one waking it (a futex wake for the recorder, a
    // switch for both): at 6,000 messages/s that was half of the log's CPU. A queue filling faster is
    // drained without a pause; flush marks wait at most this much longer.
    private static final long LINGER_MILLIS = 10;

    /** Queued after the events it covers; counted down once they have reached the operating system. */
    record FlushMark(CountDownLatch done, boolean last) {
    }

    private final BlockingQueue<Object> queue;
    private final Path directory;
    private final TrackingLog.Options options;
    private final Clock clock;
    private final LogLine formatter;
    private final Map<LogLayout.Prefix, PrefixFile> files = new EnumMap<>(LogLayout.Prefix.class);
    private volatile boolean abandoned;

    LogWriter(BlockingQueue<Object> queue, MessageTrackingLogConfig config, TrackingLog.Options options) {
        this.queue = queue;
        this.directory = config.path();
        this.options = options;
        this.clock = options.clock();
        this.formatter = new LogLine(config.subjectLoggingEnabled());
        Retention retention = new Retention(config);
        for (LogLayout.Prefix p : LogLayout.Prefix.values()) {
            files.put(p, new PrefixFile(p, config, retention, clock));
        }
    }

    /** Makes the thread give up on a write that keeps failing; called when close times out. */
    void abandon() {
        abandoned = true;
    }

    @Override
    public void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        long flushNanos = options.flushInterval().toNanos();
        long nextFlush = System.nanoTime() + flushNanos;
        long nextRetention = System.nanoTime();
        boolean dirty = false;
        try {
            while (true) {
                long now = System.nanoTime();
                if (now - nextRetention >= 0) {
                    enforceRetention();
                    nextRetention = now + options.retentionInterval().toNanos();
                }
                Object first = queue.poll(dirty ? Math.max(0, nextFlush - now) : flushNanos, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                for (Object item : batch) {
                    if (item instanceof LogEvent e) {
                        writeUntilDone(e);
                        dirty = true;
                    } else if (item instanceof FlushMark mark) {
                        flushUntilDone();
                        dirty = false;
                        nextFlush = System.nanoTime() + flushNanos;
                        mark.done().countDown();
                        if (mark.last()) {
                            closeFiles();
                            return;
                        }
                    }
                }
                boolean small = batch.size() < options.queueCapacity() / 4;
                batch.clear();
                if (dirty && System.nanoTime() - nextFlush >= 0) {
                    flushUntilDone();
                    dirty = false;
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (small && first != null) {
                    Thread.sleep(LINGER_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            LOG.error("message tracking log: writer stopped with {} events not written", queue.size());
        } catch (RuntimeException | Error e) {
            // whoever records events notices the dead thread and stops waiting (TrackingLog.enqueue)
            LOG.error("message tracking log: writer stopped by an unexpected error; {} events are not written", queue.size(), e);
        }
    }

    private void writeUntilDone(LogEvent e) throws InterruptedException {
        PrefixFile file = files.get(e.log());
        byte[] line;
        try {
            // String's UTF-8 encoding is compiled code from the first line on (a hand-written loop
            // over the builder's chars ran interpreted through much of a first campaign); a lone
            // surrogate, not valid UTF-16, becomes '?'
            line = formatter.format(e).toString().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException x) {
            // a bug, not a condition that passes: retrying would stop the log for good
            LOG.error("message tracking log: cannot format a {} event; it is not written", e.eventId(), x);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                file.write(line, line.length, e.dateTime());
                return;
            } catch (IOException | UncheckedIOException x) {
                file.abandon();
                retryLater("writing to the " + e.log() + " file", attempt, x);
            }
        }
    }

    private void flushUntilDone() throws InterruptedException {
        for (PrefixFile f : files.values()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    f.flush();
                    break;
                } catch (IOException x) {
                    f.abandon();
                    retryLater("flushing", attempt, x);
                }
            }
        }
    }

    private void retryLater(String what, int attempt, Exception x) throws InterruptedException {
        if (abandoned) {
            throw new InterruptedException("abandoned at shutdown");
        }
        if (attempt == 1 || attempt % 60 == 0) {
            LOG.error("message tracking log: {} in {} failed ({}); retrying every second, and whoever logs events waits "
                    + "meanwhile: free disk space or fix the directory's permissions", what, directory, x.toString());
        }
        Thread.sleep(RETRY_MILLIS);
    }

    private void enforceRetention() {
        for (PrefixFile f : files.values()) {
            try {
                f.enforceRetention();
            } catch (IOException | RuntimeException x) {
                LOG.warn("message tracking log: cannot apply retention in {}: {}", directory, x.toString());
            }
        }
    }

    private void closeFiles() {
        for (PrefixFile f : files.values()) {
            try {
                f.close();
            } catch (IOException x) {
                LOG.error("message tracking log: closing a file in {} failed: {}", directory, x.toString());
            }
        }
    }
}
