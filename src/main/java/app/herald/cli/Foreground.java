package app.herald.cli;

import app.herald.Herald;
import java.util.concurrent.CountDownLatch;

/** Keeps a started Herald in the foreground until the process is asked to stop, then closes it gracefully. */
final class Foreground {
    private final CountDownLatch stopped = new CountDownLatch(1);

    Foreground(Herald herald) {
        // Ctrl+C and SIGTERM run shutdown hooks: close() flushes queued hits and records in-flight sends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            herald.close();
            stopped.countDown();
        }, "herald-shutdown"));
    }

    void await() throws InterruptedException {
        stopped.await();
    }
}
