package app.herald.web;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's pool of platform threads, which can run a job at once on the calling thread instead of
 * handing it to one of its own threads.
 *
 * <p>A response completed on a thread that is not Jetty's (the hit journal answers tracking requests
 * on its own thread once their hits are forced) makes Jetty execute the connection's next read on
 * this pool: one wake-up and hand-off of a thread per request, which cost more than the request
 * itself. {@link #runHere} lets such a thread take that job itself: Jetty's read finds the next request
 * (or registers interest in it) without blocking, since the server's handler is non-blocking.
 */
public final class HttpThreads extends QueuedThreadPool {
    private static final ThreadLocal<Boolean> HERE = new ThreadLocal<>();

    HttpThreads(int maxThreads, int minThreads) {
        super(maxThreads, minThreads);
    }

    /**
     * Runs {@code completion} (which completes a response) so that the first job Jetty executes from
     * it runs on this thread. The caller must be a thread that may run Jetty's non-blocking work.
     */
    public static void runHere(Runnable completion) {
        HERE.set(Boolean.TRUE);
        try {
            completion.run();
        } finally {
            HERE.remove();
        }
    }

    @Override
    public void execute(Runnable job) {
        if (HERE.get() == null) {
            super.execute(job);
            return;
        }
        HERE.remove(); // only the connection's own resumption; whatever it executes goes to the pool
        job.run();
    }
}
