package app.herald.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * One message as the classifier sees it while judging a batch: its send time, its campaign's link
 * count, the time of its first recorded open, and its hits of the last {@link MachineRules#HISTORY_WINDOW}
 * (read from the database, then each hit of the batch added once judged). Because earlier batches are
 * committed before the next is judged, and the message row is locked while it is, the view is the
 * same whether a burst arrives in one batch or spread over several, on one node or several.
 *
 * <p>Only the latest {@link #MAX_PRIORS} hits are kept: the rules look at seconds-wide bursts and at
 * whether the same source already acted as a machine, and a message opened hundreds of times (a
 * forwarded newsletter, a load test) would otherwise make every later batch read and scan all of them.
 * So {@code repeats} in the evidence counts at most that many.
 */
final class HitHistory {
    static final int MAX_PRIORS = 32;

    /** A hit already judged. */
    record Prior(Hit.Kind kind, Integer linkIdx, Instant at, String ip, String userAgent, Verdict verdict) {
        Prior {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    private final long campaignId;
    private final Instant sentAt;
    private final long campaignLinks;
    private Instant firstOpenAt;
    private final Deque<Prior> priors = new ArrayDeque<>();

    HitHistory(long campaignId, Instant sentAt, Instant firstOpenAt, long campaignLinks) {
        this.campaignId = campaignId;
        this.sentAt = sentAt;
        this.firstOpenAt = firstOpenAt;
        this.campaignLinks = campaignLinks;
    }

    long campaignId() {
        return campaignId;
    }

    Instant sentAt() {
        return sentAt;
    }

    long campaignLinks() {
        return campaignLinks;
    }

    /** Seconds from the send to {@code at} (never negative: node clocks differ a little); empty while the send is not recorded. */
    Optional<Long> secondsAfterSend(Instant at) {
        return Optional.ofNullable(sentAt).map(s -> Math.max(0, Duration.between(s, at).toSeconds()));
    }

    void add(Prior prior) {
        priors.addLast(prior);
        if (priors.size() > MAX_PRIORS) {
            priors.removeFirst();
        }
        if (prior.kind() == Hit.Kind.OPEN && (firstOpenAt == null || prior.at().isBefore(firstOpenAt))) {
            firstOpenAt = prior.at();
        }
    }

    /** No open of the message is known at or before {@code at}. */
    boolean noOpenBefore(Instant at) {
        return firstOpenAt == null || firstOpenAt.isAfter(at);
    }

    /** Distinct links clicked within {@code window} either side of {@code hit}, the hit's own link included. */
    int burstLinks(Hit hit, Duration window) {
        // at most MAX_PRIORS + 1 links: a linear search beats a HashSet of boxed numbers, and nothing is allocated per prior
        int[] links = new int[MAX_PRIORS + 1];
        int n = 0;
        links[n++] = hit.linkIdx();
        long windowNanos = window.toNanos();
        for (Prior p : priors) {
            if (p.kind() == Hit.Kind.CLICK && Math.abs(nanosBetween(p.at(), hit.at())) <= windowNanos && indexOf(links, n, p.linkIdx()) < 0) {
                links[n++] = p.linkIdx();
            }
        }
        return n;
    }

    /** Nanoseconds from {@code a} to {@code b}, for times within a few centuries of each other (Duration.between allocates). */
    private static long nanosBetween(Instant a, Instant b) {
        return (b.getEpochSecond() - a.getEpochSecond()) * 1_000_000_000L + (b.getNano() - a.getNano());
    }

    private static int indexOf(int[] values, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Known hits of the same kind (and for clicks the same link) at or before the hit. */
    int repeats(Hit hit) {
        int n = 0;
        for (Prior p : priors) {
            if (p.kind() == hit.kind() && Objects.equals(p.linkIdx(), hit.storedLinkIdx()) && !p.at().isAfter(hit.at())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The machine kind of a known machine hit from the same address and agent, if any. Addresses are
     * compared as stored ({@code ip} reduced as tracking.ip_storage says); with none stored, never equal.
     */
    Optional<MachineKind> machineFromSameSource(String ip, String userAgent) {
        if (ip == null) {
            return Optional.empty();
        }
        for (Prior p : priors) {
            if (p.verdict() instanceof Verdict.Machine m && ip.equals(p.ip())
                    && Objects.equals(p.userAgent(), userAgent)) {
                return Optional.of(m.kind());
            }
        }
        return Optional.empty();
    }
}
