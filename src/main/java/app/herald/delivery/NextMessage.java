package app.herald.delivery;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The next message of a batch (none after the last), prepared once: inside the current message's
 * SMTP transaction ({@link #prepare}) or when asked for, if the current one never got that far.
 * Inside a transaction it must not throw, so a failure is kept and thrown by {@link #prepared()},
 * after the relay's answer was read. It offers its envelope for pipelining behind the current
 * content only when it is ready to go and certain to be sent next over the same connection.
 */
final class NextMessage implements SmtpConnection.Following {
    private final Supplier<Sender.Prepared> prepare;
    private final Predicate<Sender.Ready> sentNextOverTheSameConnection;
    private Sender.Prepared prepared;
    private RuntimeException failure;
    private Error error;

    /**
     * {@code prepare} is null after the last message of the batch; {@code sentNextOverTheSameConnection}
     * says of the prepared message whether its envelope may be announced.
     */
    NextMessage(Supplier<Sender.Prepared> prepare, Predicate<Sender.Ready> sentNextOverTheSameConnection) {
        this.prepare = prepare;
        this.sentNextOverTheSameConnection = sentNextOverTheSameConnection;
    }

    @Override
    public SmtpConnection.Envelope prepare() {
        if (prepare == null || failure != null || error != null) {
            return null;
        }
        if (prepared == null) {
            try {
                prepared = prepare.get();
            } catch (RuntimeException e) {
                failure = e;
                return null;
            } catch (Error e) {
                error = e;
                return null;
            }
        }
        try {
            return prepared instanceof Sender.Ready r && sentNextOverTheSameConnection.test(r)
                    ? new SmtpConnection.Envelope(r.mime(), r.to().getAddress()) : null;
        } catch (RuntimeException e) {
            return null; // not announced: it goes out with an envelope of its own
        }
    }

    /** The prepared message, null after the last of the batch. */
    Sender.Prepared prepared() {
        prepare();
        if (error != null) {
            throw error;
        }
        if (failure != null) {
            throw failure;
        }
        return prepared;
    }
}
