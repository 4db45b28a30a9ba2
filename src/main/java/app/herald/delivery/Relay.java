package app.herald.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One relay of the {@link RelaySet}: its connection pool, its weight and its circuit breaker, and
 * how the tracking log names it (connector-id, server-hostname, server-ip).
 */
final class Relay {
    private static final long RESOLVE_EVERY_NANOS = 300_000_000_000L;

    private final SmtpPool pool;
    private final int weight;
    private final CircuitBreaker breaker;
    private final String connectorId;
    private volatile String ip = "";
    private volatile long resolvedAt = System.nanoTime() - RESOLVE_EVERY_NANOS;
    /** Smooth weighted round robin's running score, guarded by the RelaySet. */
    int current;

    Relay(SmtpPool pool, int weight, CircuitBreaker breaker) {
        this.pool = pool;
        this.weight = weight;
        this.breaker = breaker;
        this.connectorId = "Herald\\Outbound SMTP " + name();
    }

    SmtpPool pool() {
        return pool;
    }

    int weight() {
        return weight;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** host:port, as logs and messages name the relay. */
    String name() {
        return pool.config().host() + ":" + pool.config().port();
    }

    String host() {
        return pool.config().host();
    }

    String connectorId() {
        return connectorId;
    }

    /** The relay's address, looked up again every five minutes; empty when it does not resolve. */
    String ip() {
        long now = System.nanoTime();
        if (now - resolvedAt >= RESOLVE_EVERY_NANOS) {
            resolvedAt = now;
            try {
                ip = InetAddress.getByName(host()).getHostAddress();
            } catch (UnknownHostException e) {
                ip = "";
            }
        }
        return ip;
    }

    @Override
    public String toString() {
        return name();
    }
}
