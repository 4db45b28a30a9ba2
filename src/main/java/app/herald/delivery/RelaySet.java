package app.herald.delivery;

import app.herald.HeraldException;
import app.herald.config.SendingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relays messages go through, one connection pool each, above the pools: which relay takes a
 * message (smooth weighted round robin over the relays in use, so that relays get messages in
 * proportion to their weights, evenly interleaved), and failover. A relay that cannot be reached,
 * times out, drops the connection or answers 421, {@code relayFailures} times in a row, is taken out
 * for the cool-down (its {@link CircuitBreaker}); a message that hits such a fault is tried at once
 * on another relay in use, and only when no relay is left is it deferred. The relay's own answers
 * (a 4xx or 5xx about the message or recipient) are outcomes, not faults, and are not failed over.
 */
public final class RelaySet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySet.class);

    private final List<Relay> relays;

    /** What became of one message and which relay gave that answer (none when no relay was in use). */
    record Relayed(SendOutcome outcome, Optional<Relay> relay) {
        Relayed {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(relay, "relay");
        }
    }

    private RelaySet(List<Relay> relays) {
        this.relays = List.copyOf(relays);
    }

    /** One pool per relay of {@code config}. */
    public static RelaySet open(SendingConfig config) {
        return open(config, SmtpPool.TIMEOUT);
    }

    /** With SMTP timeouts of {@code timeout} (tests of slow relays). */
    static RelaySet open(SendingConfig config, Duration timeout) {
        List<Relay> relays = new ArrayList<>();
        for (SendingConfig.Relay r : config.relays()) {
            relays.add(new Relay(new SmtpPool(r.smtp(), timeout), r.weight(),
                    new CircuitBreaker(config.relayFailures(), config.relayCooldown())));
        }
        return new RelaySet(relays);
    }

    /** The one relay behind {@code pool}, taken out after 5 failures in a row for a minute; closing the set closes the pool. */
    public static RelaySet of(SmtpPool pool) {
        return new RelaySet(List.of(new Relay(pool, 1, new CircuitBreaker(5, Duration.ofMinutes(1)))));
    }

    /** Whether every message goes to the same relay (one is configured): then the next message's relay is known. */
    boolean single() {
        return relays.size() == 1;
    }

    /** Connections of all relays together: one send worker each. */
    public int connections() {
        return relays.stream().mapToInt(r -> r.pool().size()).sum();
    }

    List<Relay> relays() {
        return relays;
    }

    /**
     * Sends over a relay in use, failing over to the others on relay faults. Throws when the chosen
     * relay had no free connection within {@code wait}; the message was not sent.
     * {@code following} is {@link SmtpConnection#send(PreparedMessage, String, SmtpConnection.Following)}'s.
     */
    Relayed send(PreparedMessage message, String recipient, Duration wait, SmtpConnection.Following following) {
        Set<Relay> tried = Set.of();
        Relayed last = null;
        Relay relay;
        while ((relay = choose(tried)) != null) {
            // most messages meet no fault: the set of relays tried is only made for those that do
            tried = tried.isEmpty() ? Set.of(relay) : union(tried, relay);
            SendOutcome outcome = sendOver(relay, message, recipient, wait, following);
            if (!isRelayFault(outcome)) {
                if (relay.breaker().answered()) {
                    LOG.info("relay {} answers again and is back in use", relay);
                }
                return new Relayed(outcome, Optional.of(relay));
            }
            if (relay.breaker().failed(System.nanoTime())) {
                LOG.warn("relay {} is taken out for {} ms after repeated failures (last: {}); its messages go to the other relays, "
                        + "and one message tries it again after that (smtp.relay_failures, smtp.relay_cooldown)",
                        relay, Duration.ofNanos(relay.breaker().nanosUntilTrial(System.nanoTime())).toMillis(), outcome.reply());
            }
            last = new Relayed(outcome, Optional.of(relay));
        }
        if (last != null) {
            return last;
        }
        return new Relayed(new SendOutcome.Deferred(noRelay()), Optional.empty());
    }

    private static SendOutcome sendOver(Relay relay, PreparedMessage message, String recipient, Duration wait,
                                        SmtpConnection.Following following) {
        SmtpConnection connection;
        try {
            connection = relay.pool().acquire(wait);
        } catch (HeraldException e) {
            relay.breaker().unused();
            throw e;
        }
        try {
            return connection.send(message, recipient, following);
        } finally {
            relay.pool().release(connection);
        }
    }

    /**
     * The next relay by weight among those in use and not yet tried for this message; a relay whose
     * cool-down is over is taken as its half-open trial. Null when none is left.
     */
    private Relay choose(Set<Relay> tried) {
        if (relays.size() == 1) {
            Relay only = relays.getFirst();
            return !tried.contains(only) && only.breaker().tryPass(System.nanoTime()) ? only : null;
        }
        return chooseByWeight(new HashSet<>(tried));
    }

    private synchronized Relay chooseByWeight(Set<Relay> tried) {
        long now = System.nanoTime();
        while (true) {
            Relay best = null;
            int weights = 0;
            for (Relay r : relays) {
                if (!tried.contains(r) && r.breaker().available(now)) {
                    r.current += r.weight();
                    weights += r.weight();
                    if (best == null || r.current > best.current) {
                        best = r;
                    }
                }
            }
            if (best == null) {
                return null;
            }
            best.current -= weights;
            if (best.breaker().tryPass(now)) {
                return best;
            }
            // lost its trial to another thread between available() and tryPass(): never for a closed breaker
            tried.add(best);
        }
    }

    private static Set<Relay> union(Set<Relay> a, Relay r) {
        Set<Relay> u = new HashSet<>(a);
        u.add(r);
        return u;
    }

    /** Why a message found no relay: all are out, and when the first comes back. */
    private String noRelay() {
        long now = System.nanoTime();
        long soonest = relays.stream().mapToLong(r -> r.breaker().nanosUntilTrial(now)).min().orElse(0);
        return "no relay available: " + (relays.size() == 1 ? "the relay " + relays.getFirst() + " is"
                : "all " + relays.size() + " relays are") + " taken out after repeated failures; the next is tried again in "
                + Math.max(1, Duration.ofNanos(soonest).toSeconds()) + " s";
    }

    /**
     * The relay itself failed, not the message: no connection, a timeout or dropped connection
     * (SmtpConnection's "cannot connect" and "connection error" replies), or 421, with which a
     * server says it is closing the connection (RFC 5321 4.2.2: service not available).
     */
    static boolean isRelayFault(SendOutcome outcome) {
        if (!(outcome instanceof SendOutcome.Deferred d)) {
            return false;
        }
        String reply = d.reply();
        return reply.startsWith("cannot connect to SMTP server") || reply.startsWith("connection error:") || reply.startsWith("421");
    }

    @Override
    public void close() {
        for (Relay r : relays) {
            r.pool().close();
        }
    }
}
