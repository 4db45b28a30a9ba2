package app.herald.delivery;

import java.time.Duration;

/**
 * Whether a relay is in use. Closed (in use) until {@code threshold} relay-level failures in a
 * row; then open (out) for the cool-down; then one message tries the relay again (half-open): if
 * the relay answers it is back, if not it stays out for another cool-down. Anything the relay
 * answers, a rejection included, counts as an answer: the breaker is about reaching the relay, not
 * about whether it takes a message.
 */
final class CircuitBreaker {
    private final int threshold;
    private final long cooldownNanos;
    private int failures;
    // volatile: the send path reads them without the lock while the relay is in use and healthy
    private volatile boolean open;
    private volatile boolean clean = true;
    private long openUntil;
    private boolean trialRunning;

    CircuitBreaker(int threshold, Duration cooldown) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
    }

    /** Whether a message may go to the relay now; when this starts the half-open trial, no other message may until it ends. */
    boolean tryPass(long now) {
        return !open || tryTrial(now);
    }

    private synchronized boolean tryTrial(long now) {
        if (!open) {
            return true;
        }
        if (now - openUntil < 0 || trialRunning) {
            return false;
        }
        trialRunning = true;
        return true;
    }

    /** Without taking the trial: whether {@link #tryPass} could say yes now. */
    synchronized boolean available(long now) {
        return !open || (now - openUntil >= 0 && !trialRunning);
    }

    /** The relay answered; returns whether that brought it back. */
    boolean answered() {
        return !clean && reset();
    }

    private synchronized boolean reset() {
        boolean wasOpen = open;
        clean = true;
        failures = 0;
        open = false;
        trialRunning = false;
        return wasOpen;
    }

    /** The relay could not be reached or dropped the connection; returns whether that took it out (again). */
    synchronized boolean failed(long now) {
        failures++;
        clean = false;
        if (open && !trialRunning) {
            // a message that passed before the relay went out: it is out already
            return false;
        }
        if (trialRunning || failures >= threshold) {
            open = true;
            trialRunning = false;
            openUntil = now + cooldownNanos;
            return true;
        }
        return false;
    }

    /** The message that passed never reached the relay (no connection became free): the trial, if it was one, is not used up. */
    synchronized void unused() {
        trialRunning = false;
    }

    /** Nanoseconds until the relay may be tried again (0 when it is in use). */
    synchronized long nanosUntilTrial(long now) {
        return open ? Math.max(0, openUntil - now) : 0;
    }
}
