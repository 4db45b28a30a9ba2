package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for something Herald does in the background, failing the test when it does not happen in time. */
public final class Await {
    private Await() {
    }

    /** Within 20 s. */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        until(Duration.ofSeconds(20), condition);
    }

    public static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met within %d s", timeout.toSeconds()).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
