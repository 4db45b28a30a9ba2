package app.herald.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored campaign. {@code updatedAt} changes with every edit, so it also versions the templates.
 * {@code requestReadReceipt}: the messages ask mail programs for a read receipt (Disposition-Notification-To).
 * {@code tracking}: what the campaign tracks (opens, clicks, anonymously).
 */
public record Campaign(long id, String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                       String html, Optional<String> text, List<Long> listIds, CampaignStatus status,
                       Instant createdAt, Instant updatedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                       boolean requestReadReceipt, CampaignTracking tracking) {
    /** With the default tracking. */
    public Campaign(long id, String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                    String html, Optional<String> text, List<Long> listIds, CampaignStatus status,
                    Instant createdAt, Instant updatedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                    boolean requestReadReceipt) {
        this(id, name, subject, fromName, fromEmail, replyTo, html, text, listIds, status, createdAt, updatedAt, startedAt,
                finishedAt, requestReadReceipt, CampaignTracking.DEFAULT);
    }

    /** Without read receipts. */
    public Campaign(long id, String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                    String html, Optional<String> text, List<Long> listIds, CampaignStatus status,
                    Instant createdAt, Instant updatedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt) {
        this(id, name, subject, fromName, fromEmail, replyTo, html, text, listIds, status, createdAt, updatedAt, startedAt,
                finishedAt, false);
    }

    public Campaign {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(fromEmail, "fromEmail");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
        listIds = List.copyOf(listIds);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(tracking, "tracking");
    }

    /** The domain of the from address, used for Message-IDs and the mailto unsubscribe address. */
    public String fromDomain() {
        return fromEmail.substring(fromEmail.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
