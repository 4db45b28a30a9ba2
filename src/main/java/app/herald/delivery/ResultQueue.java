package app.herald.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes send results off the send workers: a worker hands each result over and goes on sending;
 * one thread writes whatever has queued up, in one statement, as soon as the previous write is
 * committed (a group commit), then checks whether those campaigns are finished. The queue is
 * bounded, so a slow database slows the workers down instead of piling up results. {@link #close()}
 * writes everything handed over before it.
 */
final class ResultQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultQueue.class);
    static final int MAX_WRITE = 1_000;

    private final BlockingQueue<Attempt> queue;
    private final Recorder recorder;
    private final LongConsumer campaignSettled;
    private final Thread thread;
    private volatile boolean closed;

    /** {@code campaignSettled} is called with each campaign whose every recipient queued so far has a final result after a write. */
    ResultQueue(Recorder recorder, int capacity, LongConsumer campaignSettled) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.recorder = recorder;
        this.campaignSettled = campaignSettled;
        this.thread = Thread.ofPlatform().name("herald-send-results").daemon(true).start(this::run);
    }

    /** Hands a result over, waiting while the queue is full. */
    void add(Attempt attempt) throws InterruptedException {
        if (closed) {
            LOG.warn("a send result arrived after the result writer stopped; message {} is sent again when its lease expires",
                    attempt.message().id());
        }
        queue.put(attempt);
    }

    private void run() {
        List<Attempt> batch = new ArrayList<>(MAX_WRITE);
        while (true) {
            Attempt first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_WRITE - 1);
            recorder.record(batch).forEach(campaignSettled::accept);
            batch.clear();
        }
    }

    /** Writes everything handed over so far, waiting up to {@code timeout}, then stops. */
    void close(Duration timeout) {
        closed = true;
        try {
            if (!thread.join(timeout)) {
                LOG.warn("{} send results were not written within {} s; those messages are sent again when their lease "
                        + "expires", queue.size(), timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
