package app.herald.delivery;

import java.util.function.Supplier;

/**
 * The next message of a batch (none after the last), prepared once: while the relay answers for
 * the current one ({@link #run}, inside its SMTP transaction) or when asked for, if the current one
 * never reached a relay. Inside a transaction it must not throw, so a failure is kept and thrown by
 * {@link #prepared()}, after the relay's answer was read.
 */
final class NextMessage implements Runnable {
    private final Supplier<Sender.Prepared> prepare;
    private Sender.Prepared prepared;
    private RuntimeException failure;
    private Error error;

    /** {@code prepare} is null after the last message of the batch. */
    NextMessage(Supplier<Sender.Prepared> prepare) {
        this.prepare = prepare;
    }

    @Override
    public void run() {
        if (prepare == null || prepared != null || failure != null || error != null) {
            return;
        }
        try {
            prepared = prepare.get();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            error = e;
        }
    }

    /** The prepared message, null after the last of the batch. */
    Sender.Prepared prepared() {
        run();
        if (error != null) {
            throw error;
        }
        if (failure != null) {
            throw failure;
        }
        return prepared;
    }
}
