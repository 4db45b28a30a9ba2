package app.herald.delivery;

import app.herald.config.SendingConfig;
import app.herald.config.SendingConfig.DomainLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The sending limits a message must pass before it goes to a relay (docs/sending.md, "Relays and
 * limits"). Two are this node's own, held in memory: the rate ({@code delivery.rate}, messages per
 * second) and the messages in flight per recipient domain. Two hold for all nodes together,
 * counted in PostgreSQL ({@link SendWindows}): the sliding-window cap ({@code delivery.window_limit})
 * and each domain's messages per window. A short hold is waited out; a longer one sends the message
 * back to the queue as throttled, due when the limit frees a slot.
 */
public final class Throttle {
    /** No limits: every message passes at once, without a database round trip. */
    public static final Throttle NONE = new Throttle(null, 0, Optional.empty(), Map.of());
    private static final Admitted FREE = new Admitted(null, null);
    private static final Duration IN_FLIGHT_RECHECK = Duration.ofMillis(200);

    private final SendWindows windows;
    private final Optional<SendWindows.Scope> all;
    private final Map<String, DomainLimit> domains;
    private final RateLimiter rate;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /**
     * Shared scopes found full, until when: the messages behind the first one that was held are
     * held without asking the database again (a batch to one domain would otherwise cost a round
     * trip per message to learn the same thing).
     */
    private final Map<String, FullUntil> full = new ConcurrentHashMap<>();
    private final boolean unlimited;

    /** Whether a message may go now: admitted (close when it has been sent), or held for a while and why. */
    sealed interface Admission {
    }

    /** Passed every limit; {@link #close} when the message is no longer in flight. */
    record Admitted(Throttle throttle, String domain) implements Admission, AutoCloseable {
        @Override
        public void close() {
            if (domain != null) {
                throttle.inFlight.get(domain).decrementAndGet();
            }
        }
    }

    /** A limit is reached: the message may go after {@code retryAfter}; {@code reason} names the limit and its setting. */
    record Held(Duration retryAfter, String reason) implements Admission {
        Held {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private Throttle(Jdbi jdbi, double ratePerSecond, Optional<SendingConfig.Window> windowLimit, Map<String, DomainLimit> domains) {
        this.domains = Map.copyOf(domains);
        this.all = windowLimit.map(w -> new SendWindows.Scope("all", w));
        this.rate = ratePerSecond > 0 ? new RateLimiter(ratePerSecond) : null;
        boolean shared = all.isPresent() || domains.values().stream().anyMatch(d -> d.rate().isPresent());
        this.windows = shared ? new SendWindows(Objects.requireNonNull(jdbi, "jdbi")) : null;
        this.unlimited = rate == null && all.isEmpty() && domains.isEmpty();
    }

    /** The limits of {@code config}; those shared by all nodes are counted in {@code jdbi}'s database. */
    public static Throttle of(Jdbi jdbi, SendingConfig config) {
        return new Throttle(jdbi, config.ratePerSecond(), config.windowLimit(), config.domainLimits());
    }

    /** Whether no limit is configured: every message is admitted at once. */
    boolean unlimited() {
        return unlimited;
    }

    /**
     * Admits a message to {@code recipient}, waiting up to {@code maxWait} for a limit to free a
     * slot; a longer hold is returned as {@link Held}.
     */
    Admission admit(String recipient, Duration maxWait) {
        if (unlimited) {
            return FREE;
        }
        String domain = domainOf(recipient);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Admission a = tryAdmit(domain);
            if (a instanceof Held h && System.nanoTime() + h.retryAfter().toNanos() - deadline <= 0) {
                Dispatcher.sleepQuietly(h.retryAfter());
                if (!Thread.currentThread().isInterrupted()) {
                    continue;
                }
            }
            return a;
        }
    }

    private Admission tryAdmit(String domain) {
        DomainLimit limit = domains.get(domain);
        String tracked = null;
        if (limit != null && limit.maxInFlight() > 0) {
            AtomicInteger n = inFlight.computeIfAbsent(domain, d -> new AtomicInteger());
            if (n.incrementAndGet() > limit.maxInFlight()) {
                n.decrementAndGet();
                return new Held(IN_FLIGHT_RECHECK, limit.maxInFlight() + " messages to " + domain
                        + " are in flight on this node (delivery.domain_limits)");
            }
            tracked = domain;
        }
        Admitted admitted = new Admitted(this, tracked);
        if (rate != null) {
            long waitNanos = rate.take();
            if (waitNanos > 0) {
                admitted.close();
                return new Held(Duration.ofNanos(waitNanos), "this node sends at most "
                        + java.math.BigDecimal.valueOf(rate.perSecond).stripTrailingZeros().toPlainString()
                        + " messages per second (delivery.rate)");
            }
        }
        List<SendWindows.Scope> scopes = new ArrayList<>(2);
        all.ifPresent(scopes::add);
        if (limit != null) {
            limit.rate().ifPresent(w -> scopes.add(new SendWindows.Scope("domain:" + domain, w)));
        }
        if (!scopes.isEmpty()) {
            Held held = knownFull(scopes);
            if (held == null) {
                Optional<SendWindows.Full> taken = windows.take(scopes);
                if (taken.isPresent()) {
                    SendWindows.Scope s = taken.get().scope();
                    held = new Held(taken.get().retryAfter(), s.name().equals("all")
                            ? "all nodes together send at most " + s.window() + " (delivery.window_limit)"
                            : "all nodes together send at most " + s.window() + " to " + domain + " (delivery.domain_limits)");
                    full.put(s.name(), new FullUntil(System.nanoTime() + held.retryAfter().toNanos(), held.reason()));
                }
            }
            if (held != null) {
                admitted.close();
                if (rate != null) {
                    rate.refund();
                }
                return held;
            }
        }
        return admitted;
    }

    private Held knownFull(List<SendWindows.Scope> scopes) {
        long now = System.nanoTime();
        for (SendWindows.Scope s : scopes) {
            FullUntil f = full.get(s.name());
            if (f != null) {
                if (f.until() - now > 0) {
                    return new Held(Duration.ofNanos(f.until() - now), f.reason());
                }
                full.remove(s.name(), f);
            }
        }
        return null;
    }

    private record FullUntil(long until, String reason) {
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? "" : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    /** A token bucket holding up to one second of sending, so a burst never exceeds the rate for long. */
    private static final class RateLimiter {
        private final double perSecond;
        private final double capacity;
        private double tokens;
        private long refilledAt = System.nanoTime();

        RateLimiter(double perSecond) {
            this.perSecond = perSecond;
            this.capacity = Math.max(1, perSecond);
            this.tokens = capacity;
        }

        /** Takes a token; 0 when there was one, else the nanoseconds until there is. */
        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond * 1e9));
        }

        synchronized void refund() {
            tokens = Math.min(capacity, tokens + 1);
        }
    }
}
