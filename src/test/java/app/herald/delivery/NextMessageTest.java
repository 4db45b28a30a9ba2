package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NextMessageTest {
    private static final Sender.Prepared SKIPPED = new Sender.Skipped(null);
    /** Whatever the connection would allow: a message not ready to go is never announced. */
    private static final java.util.function.Predicate<Sender.Ready> ANY = r -> true;

    @Test
    void preparesOnceWhetherTheRelayGaveItTheChanceOrNot() {
        AtomicInteger calls = new AtomicInteger();
        NextMessage next = new NextMessage(() -> {
            calls.incrementAndGet();
            return SKIPPED;
        }, ANY);

        assertThat(next.prepare()).isNull(); // skipped: there is no envelope to pipeline
        next.prepare(); // a connection retried after a lost connection asks again

        assertThat(next.prepared()).isSameAs(SKIPPED);
        assertThat(calls).hasValue(1);
        assertThat(new NextMessage(() -> SKIPPED, ANY).prepared()).isSameAs(SKIPPED);
    }

    @Test
    void aFailureInsideTheSmtpTransactionIsKeptAndThrownAfterwards() {
        NextMessage next = new NextMessage(() -> {
            throw new IllegalStateException("the campaign's template engine broke");
        }, ANY);

        assertThat(next.prepare()).isNull(); // must not throw: the relay's answer is still to be read

        assertThatThrownBy(next::prepared).isInstanceOf(IllegalStateException.class)
                .hasMessage("the campaign's template engine broke");
    }

    @Test
    void thereIsNoneAfterTheLastMessageOfABatch() {
        NextMessage none = new NextMessage(null, ANY);

        assertThat(none.prepare()).isNull();
        assertThat(none.prepared()).isNull();
    }
}
