package app.herald.tracking;

import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>The kept hits are a ring of parallel arrays rather than a deque of {@link Prior} records: every
 * hit of a batch scans its message's history, the histories of a busy campaign's messages do not
 * stay in the CPU's caches from one batch to the next, and following a record, its {@code Instant}
 * and its boxed link number for each kept hit was a third of the writer thread's time.
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
    // the kept hits, oldest at [start], in a ring of MAX_PRIORS
    private final boolean[] clicks = new boolean[MAX_PRIORS];
    private final int[] links = new int[MAX_PRIORS]; // -1 for an open, as Hit.linkIdx
    private final long[] seconds = new long[MAX_PRIORS];
    private final int[] nanos = new int[MAX_PRIORS];
    private final String[] ips = new String[MAX_PRIORS];
    private final String[] agents = new String[MAX_PRIORS];
    private final Verdict[] verdicts = new Verdict[MAX_PRIORS];
    private int start;
    private int size;

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
        int i;
        if (size < MAX_PRIORS) {
            i = (start + size++) % MAX_PRIORS;
        } else {
            i = start;
            start = (start + 1) % MAX_PRIORS;
        }
        clicks[i] = prior.kind() == Hit.Kind.CLICK;
        links[i] = prior.linkIdx() == null ? -1 : prior.linkIdx();
        seconds[i] = prior.at().getEpochSecond();
        nanos[i] = prior.at().getNano();
        ips[i] = prior.ip();
        agents[i] = prior.userAgent();
        verdicts[i] = prior.verdict();
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
        // at most MAX_PRIORS + 1 links: a linear search beats a HashSet of boxed numbers
        int[] seen = new int[MAX_PRIORS + 1];
        int n = 0;
        seen[n++] = hit.linkIdx();
        long windowNanos = window.toNanos();
        long s = hit.at().getEpochSecond();
        int ns = hit.at().getNano();
        for (int k = 0; k < size; k++) {
            int i = (start + k) % MAX_PRIORS;
            if (clicks[i] && Math.abs((s - seconds[i]) * 1_000_000_000L + (ns - nanos[i])) <= windowNanos && indexOf(seen, n, links[i]) < 0) {
                seen[n++] = links[i];
            }
        }
        return n;
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
        boolean click = hit.kind() == Hit.Kind.CLICK;
        long s = hit.at().getEpochSecond();
        int ns = hit.at().getNano();
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = (start + k) % MAX_PRIORS;
            if (clicks[i] == click && links[i] == hit.linkIdx() && (seconds[i] < s || seconds[i] == s && nanos[i] <= ns)) {
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
        for (int k = 0; k < size; k++) {
            int i = (start + k) % MAX_PRIORS;
            if (verdicts[i] instanceof Verdict.Machine m && ip.equals(ips[i]) && Objects.equals(agents[i], userAgent)) {
                return Optional.of(m.kind());
            }
        }
        return Optional.empty();
    }
}
