package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void staysInUseUntilTheThresholdOfFailuresInARow() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(10));

        assertThat(b.failed(0)).isFalse();
        assertThat(b.failed(0)).isFalse();
        b.answered();
        assertThat(b.failed(0)).isFalse();
        assertThat(b.failed(0)).isFalse();

        assertThat(b.tryPass(0)).isTrue();
        assertThat(b.failed(0)).isTrue();
        assertThat(b.tryPass(SECOND)).isFalse();
        assertThat(b.nanosUntilTrial(SECOND)).isEqualTo(9 * SECOND);
    }

    @Test
    void afterTheCoolDownExactlyOneMessageTriesTheRelay() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(10));
        b.failed(0);

        assertThat(b.available(10 * SECOND)).isTrue();
        assertThat(b.tryPass(10 * SECOND)).isTrue();
        assertThat(b.tryPass(10 * SECOND)).isFalse();
        assertThat(b.available(10 * SECOND)).isFalse();
    }

    @Test
    void aFailedTrialTakesTheRelayOutForAnotherCoolDown() {
        CircuitBreaker b = new CircuitBreaker(5, Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            b.failed(0);
        }
        b.tryPass(10 * SECOND);

        assertThat(b.failed(10 * SECOND)).isTrue();
        assertThat(b.tryPass(19 * SECOND)).isFalse();
        assertThat(b.tryPass(20 * SECOND)).isTrue();
    }

    @Test
    void anAnsweredTrialBringsTheRelayBack() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(10));
        b.failed(0);
        b.tryPass(10 * SECOND);

        assertThat(b.answered()).isTrue();
        assertThat(b.tryPass(10 * SECOND)).isTrue();
        assertThat(b.tryPass(10 * SECOND)).isTrue();
    }

    @Test
    void aTrialThatFoundNoFreeConnectionCanBeTakenAgain() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(10));
        b.failed(0);
        b.tryPass(10 * SECOND);

        b.unused();

        assertThat(b.tryPass(10 * SECOND)).isTrue();
    }

    @Test
    void aLateFailureOfAMessageSentBeforeTheRelayWentOutDoesNotProlongTheCoolDown() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(10));
        b.failed(0);

        assertThat(b.failed(5 * SECOND)).isFalse();
        assertThat(b.tryPass(10 * SECOND)).isTrue();
    }
}
