package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for something a running Herald does in the background, failing the test after 20 s. */
final class Await {
    private Await() {
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met within 20 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
