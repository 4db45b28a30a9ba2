package app.herald.delivery;

import app.herald.NotFoundException;
import app.herald.store.Queries;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a campaign's sending stands: its counters and the rate of the last minute, read from
 * campaign_stats and the 10-second buckets of campaign_send_rate that every node writes with its
 * results, so it costs a few rows however large the campaign and counts the work of every node.
 *
 * @param recipients       messages queued so far; grows while {@code queueing}
 * @param queued           messages not sent or failed yet: waiting, being sent, or deferred for a retry
 * @param deferred         tries that failed temporarily so far (each one queued again for a retry)
 * @param messagesPerSecond sent and failed messages per second over the last minute (0 when none)
 * @param eta              at that rate, how long the queued messages take; empty when nothing moves, and
 *                         while the audience is still being queued (the total is not known yet)
 * @param queueing         the campaign's audience is still being queued, chunk by chunk ({@link Expansion})
 */
public record SendProgress(long campaignId, String status, long recipients, long sent, long failed, long deferred,
                           long queued, double messagesPerSecond, Optional<Duration> eta, Optional<Instant> startedAt,
                           Optional<Instant> finishedAt, boolean queueing) {
    private static final Queries SQL = Queries.of(SendProgress.class);
    /** The rate looks back this far; short enough to follow a change of pace, long enough to be smooth. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    public SendProgress {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(eta, "eta");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** Sent plus failed: the messages that are done. */
    public long done() {
        return sent + failed;
    }

    /** The progress of campaign {@code campaignId}; NotFoundException when there is none. */
    public static SendProgress of(Jdbi jdbi, long campaignId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("progress")).bind("id", campaignId)
                .bind("window_seconds", WINDOW.toSeconds())
                .map((rs, ctx) -> {
                    long recipients = rs.getLong("recipients");
                    long sent = rs.getLong("sent");
                    long failed = rs.getLong("failed");
                    long queued = Math.max(0, recipients - sent - failed);
                    String status = rs.getString("status");
                    double seconds = rs.getDouble("recent_seconds");
                    // under a second of history is too little to call a rate
                    double rate = status.equals("sending") && seconds >= 1 ? rs.getLong("recent") / seconds : 0;
                    boolean queueing = rs.getBoolean("queueing");
                    Optional<Duration> eta = !status.equals("sending") ? Optional.of(Duration.ZERO)
                            : rate > 0 && !queueing ? Optional.of(Duration.ofSeconds((long) Math.ceil(queued / rate))) : Optional.empty();
                    return new SendProgress(campaignId, status, recipients, sent, failed, rs.getLong("deferred"), queued, rate,
                            eta, Optional.ofNullable(rs.getTimestamp("started_at")).map(java.sql.Timestamp::toInstant),
                            Optional.ofNullable(rs.getTimestamp("finished_at")).map(java.sql.Timestamp::toInstant), queueing);
                })
                .findOne()
                .orElseThrow(() -> new NotFoundException("campaign", campaignId)));
    }
}
