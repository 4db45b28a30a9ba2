package app.herald.tracking;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often one client address may have a hit counted on one token (one message's pixel, or one link
 * of one message): {@code perMinute} times a minute, in bursts of as many. Keyed by (address, token)
 * and not by address alone, because the image proxies of Gmail, Yahoo and Apple fetch for millions of
 * people from a few addresses: they fetch many tokens a few times each and are never limited, while
 * one address fetching one pixel over and over (a script inflating opens) is. The endpoints still
 * answer a hit over the limit with its pixel or redirect and only leave it uncounted, so no
 * recipient's view breaks. Buckets live in a bounded map; one evicted starts full again, which errs
 * on the side of counting.
 */
final class HitRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(HitRateLimit.class);
    private static final int MAX_SOURCES = 100_000;
    private static final long REPORT_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private record Source(String ip, Hit.Kind kind, long messageId, int linkIdx) {
    }

    private final int perMinute;
    private final BoundedCache<Source, Bucket> buckets = new BoundedCache<>(MAX_SOURCES);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());

    /** {@code perMinute} hits per (address, token) and minute; 0 for no limit. */
    HitRateLimit(int perMinute) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("hits per minute must be 0 (no limit) or more: " + perMinute);
        }
        this.perMinute = perMinute;
    }

    /** Whether this hit may be counted; false (and noted for the log) when its source is over the limit. */
    boolean allows(Hit hit) {
        if (perMinute == 0) {
            return true;
        }
        Source source = new Source(hit.ip(), hit.kind(), hit.messageId(), hit.linkIdx());
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = Bucket.builder().addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build();
            buckets.put(source, bucket);
        }
        if (bucket.tryConsume(1)) {
            return true;
        }
        refused.incrementAndGet();
        report();
        return false;
    }

    private void report() {
        long last = lastReport.get();
        long now = System.nanoTime();
        if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            LOG.info("tracking rate limit: {} hits in the last minute came from an address that had already hit the same token {} times "
                    + "that minute; they were answered but not counted (tracking.rate_limit)", refused.getAndSet(0), perMinute);
        }
    }
}
