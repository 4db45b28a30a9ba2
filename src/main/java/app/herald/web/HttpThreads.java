package app.herald.web;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's pool of platform threads, which can run a job on the calling thread instead of handing it
 * to one of its own threads.
 *
 * <p>A response completed on a thread that is not Jetty's (the hit journal answers tracking requests
 * on its own thread once their hits are forced) makes Jetty execute the connection's next read on
 * this pool: one wake-up and hand-off of a thread per request, which cost more than the request
 * itself. {@link #runHere} lets such a thread take that job itself: Jetty's read finds the next request
 * (or registers interest in it) without blocking, since the server's handler is non-blocking.
 *
 * <p>Inside {@link #batch} those reads wait until every response of the batch is written. A read
 * right after its response mostly finds nothing yet (the client has not even seen the answer), and
 * then registers read interest with the selector, which wakes the selector and costs two
 * {@code epoll_ctl} calls and a later select; a read after the whole batch mostly finds the client's
 * next request already there and handles it on the spot.
 */
public final class HttpThreads extends QueuedThreadPool {
    private static final Logger LOG = LoggerFactory.getLogger(HttpThreads.class);
    /** Set while a completion runs here: its first job is Jetty's resumption of that connection. */
    private static final ThreadLocal<Boolean> HERE = new ThreadLocal<>();
    /** The resumptions held by {@link #batch} on this thread; null outside one. */
    private static final ThreadLocal<List<Runnable>> HELD = new ThreadLocal<>();

    HttpThreads(int maxThreads, int minThreads) {
        super(maxThreads, minThreads);
    }

    /**
     * Runs {@code completion} (which completes a response) so that the first job Jetty executes from
     * it runs on this thread: at once, or, inside {@link #batch}, once the batch's work is done. The
     * caller must be a thread that may run Jetty's non-blocking work.
     */
    public static void runHere(Runnable completion) {
        HERE.set(Boolean.TRUE);
        try {
            completion.run();
        } finally {
            HERE.remove();
        }
    }

    /**
     * Runs {@code answers} (which calls {@link #runHere} for each response it completes), then, on this
     * thread and in order, the jobs those completions made Jetty execute.
     */
    public static void batch(Runnable answers) {
        List<Runnable> held = new ArrayList<>();
        HELD.set(held);
        try {
            answers.run();
        } finally {
            HELD.remove();
        }
        for (Runnable job : held) {
            try {
                job.run();
            } catch (RuntimeException e) {
                // Jetty's jobs handle their own failures; one that escapes must not keep the others waiting
                LOG.warn("HTTP: resuming a connection after its answer failed: {}", e.toString());
            }
        }
    }

    @Override
    public void execute(Runnable job) {
        if (HERE.get() == null) {
            super.execute(job);
            return;
        }
        HERE.remove(); // only the connection's own resumption; whatever it executes goes to the pool
        List<Runnable> held = HELD.get();
        if (held != null) {
            held.add(job);
        } else {
            job.run();
        }
    }
}
