package app.herald.cli;

import app.herald.Herald;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** Keeps a started Herald in the foreground until the process is asked to stop, then closes it gracefully. */
final class Foreground {
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final Optional<TraceServer> traces;

    /** Also answers herald trace for this Herald's data directory while it runs ({@link TraceServer}). */
    Foreground(Herald herald) {
        traces = TraceServer.start(herald.config().dataDir(), herald.logSearch());
        // Ctrl+C and SIGTERM run shutdown hooks: close() flushes queued hits and records in-flight sends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            traces.ifPresent(TraceServer::close);
            herald.close();
            stopped.countDown();
        }, "herald-shutdown"));
    }

    void await() throws InterruptedException {
        stopped.await();
    }
}
