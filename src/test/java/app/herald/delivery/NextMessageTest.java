package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NextMessageTest {
    private static final Sender.Prepared SKIPPED = new Sender.Skipped(null);

    @Test
    void preparesOnceWhetherTheRelayGaveItTheChanceOrNot() {
        AtomicInteger calls = new AtomicInteger();
        NextMessage next = new NextMessage(() -> {
            calls.incrementAndGet();
            return SKIPPED;
        });

        next.run();
        next.run(); // a connection retried after a lost connection runs it again

        assertThat(next.prepared()).isSameAs(SKIPPED);
        assertThat(calls).hasValue(1);
        assertThat(new NextMessage(() -> SKIPPED).prepared()).isSameAs(SKIPPED);
    }

    @Test
    void aFailureInsideTheSmtpTransactionIsKeptAndThrownAfterwards() {
        NextMessage next = new NextMessage(() -> {
            throw new IllegalStateException("the campaign's template engine broke");
        });

        next.run(); // must not throw: the relay's answer is still to be read

        assertThatThrownBy(next::prepared).isInstanceOf(IllegalStateException.class)
                .hasMessage("the campaign's template engine broke");
    }

    @Test
    void thereIsNoneAfterTheLastMessageOfABatch() {
        NextMessage none = new NextMessage(null);

        none.run();

        assertThat(none.prepared()).isNull();
    }
}
