package app.herald.bounce;

import app.herald.audience.Audience;
import app.herald.audience.SuppressionSource;
import app.herald.bounce.BounceStore.Row;
import app.herald.bounce.BounceStore.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What Herald does about a parsed report, and the row that records it. The address acted on is
 * always the one Herald sent to (the matched message's), not the report's Final-Recipient, which
 * may be where that address forwards. A report that matched no message changes nothing.
 *
 * <p>Actions run before their row is stored and are idempotent (suppressing twice, marking a
 * contact twice), so a report whose row could not be stored can be received again safely.
 */
final class BounceActions {
    /** ARF feedback types that mean "this recipient does not want this mail" (RFC 5965 section 7.3). */
    private static final Set<String> COMPLAINTS = Set.of("abuse", "fraud", "virus", "other");

    private final BounceStore store;
    private final Audience audience;
    private final int softLimit;
    private final Duration softWindow;

    BounceActions(BounceStore store, Audience audience, int softLimit, Duration softWindow) {
        this.store = store;
        this.audience = audience;
        this.softLimit = softLimit;
        this.softWindow = softWindow;
    }

    List<Row> apply(Report report, Optional<SentMessage> message, BounceSource source, byte[] raw, int rawSize) {
        return switch (report) {
            case Report.Delivery d -> d.recipients().stream().map(r -> delivery(r, message, source, d.format(), raw, rawSize)).toList();
            case Report.Complaint c -> List.of(complaint(c, message, source, raw, rawSize));
            case Report.Receipt r -> List.of(receipt(r, message, source, raw, rawSize));
            case Report.Unrecognized u -> List.of(new Row(source, u.format(), raw, rawSize, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), "unparsed",
                    message.isPresent() ? "recorded: not a report Herald understands; nothing changed"
                            : "kept for an admin: not a report Herald understands", Optional.of(u.why()), message));
        };
    }

    private Row delivery(RecipientStatus r, Optional<SentMessage> message, BounceSource source, String format, byte[] raw, int rawSize) {
        return switch (r.action()) {
            case FAILED -> failure(r, message, source, format, raw, rawSize);
            case DELAYED -> row(r, message, source, format, raw, rawSize, "delayed",
                    "recorded: delivery is delayed and the reporting server keeps trying");
            case DELIVERED, RELAYED, EXPANDED -> row(r, message, source, format, raw, rawSize, "delivered",
                    "recorded: the report says " + r.action().dbName());
        };
    }

    /** A failed delivery, classified on its Status, else on the server's words (Diagnostic-Code). */
    Row failure(RecipientStatus r, Optional<SentMessage> message, BounceSource source, String format, byte[] raw, int rawSize) {
        Classification c = BounceClassifier.classify(r.status().or(r::diagnostic).orElse(""));
        String why = c.code().map(code -> code + " ").orElse("") + c.reason();
        String outcome;
        if (message.isEmpty()) {
            outcome = "kept for an admin: matches no message Herald sent, so nothing was suppressed";
        } else {
            SentMessage m = message.get();
            outcome = switch (c) {
                case Classification.Hard h -> {
                    suppress(m, "hard bounce: " + why, SuppressionSource.BOUNCE);
                    m.contactId().ifPresent(audience::markBounced);
                    yield "address suppressed: hard bounce (" + why + ")";
                }
                case Classification.Soft s -> soft(m, why);
                case Classification.Policy p -> "flagged: " + why + "; the address is kept";
                case Classification.Unknown u -> "recorded: " + why + "; nothing changed";
            };
        }
        return row(r, message, source, format, raw, rawSize, c.dbName(), outcome);
    }

    /** Soft bounces count; the {@code softLimit}-th within the window suppresses the address. */
    private String soft(SentMessage m, String why) {
        if (m.contactId().isEmpty()) {
            return "recorded: soft bounce (" + why + ") of an address that is no contact; not counted";
        }
        int count = store.softBounces(m.contactId().get(), softWindow) + 1;
        String window = days(softWindow);
        if (count < softLimit) {
            return "soft bounce " + count + " of " + softLimit + " within " + window + " (" + why + ")";
        }
        suppress(m, count + " soft bounces within " + window + ", the last: " + why, SuppressionSource.BOUNCE);
        audience.markBounced(m.contactId().get());
        return "address suppressed: soft bounce " + count + " of " + softLimit + " within " + window + " (" + why + ")";
    }

    private Row complaint(Report.Complaint c, Optional<SentMessage> message, BounceSource source, byte[] raw, int rawSize) {
        String type = c.feedbackType().toLowerCase(Locale.ROOT);
        boolean complaint = COMPLAINTS.contains(type);
        String outcome;
        if (!complaint) {
            outcome = "recorded: feedback type " + type + " is not a complaint; nothing changed";
        } else if (message.isEmpty()) {
            outcome = "kept for an admin: complaint matches no message Herald sent, so nothing was suppressed";
        } else {
            suppress(message.get(), "complaint (feedback type " + type + ")", SuppressionSource.COMPLAINT);
            message.get().contactId().ifPresent(audience::markComplained);
            outcome = "address suppressed and contact marked complained (feedback type " + type + ")";
        }
        return new Row(source, c.format(), raw, rawSize, c.recipient().or(() -> message.map(SentMessage::email)), Optional.empty(),
                Optional.of(c.feedbackType()), c.userAgent().map(ua -> "reported by " + ua), Optional.empty(),
                complaint ? "complaint" : "feedback", outcome, Optional.empty(), message);
    }

    private Row receipt(Report.Receipt r, Optional<SentMessage> message, BounceSource source, byte[] raw, int rawSize) {
        boolean read = r.dispositionType().equals("displayed");
        String outcome;
        if (!read) {
            outcome = "recorded: disposition " + r.dispositionType() + " is not a read; nothing changed";
        } else if (message.isEmpty()) {
            outcome = "kept for an admin: read receipt matches no message Herald sent";
        } else {
            outcome = store.confirmRead(message.get().id()) ? "read confirmed"
                    : "recorded: the message's read was already confirmed by an earlier receipt";
        }
        return new Row(source, r.format(), raw, rawSize, r.recipient().or(() -> message.map(SentMessage::email)), Optional.empty(),
                Optional.of(r.disposition()), Optional.empty(), Optional.empty(), read ? "read" : "receipt", outcome,
                Optional.empty(), message);
    }

    private void suppress(SentMessage m, String reason, SuppressionSource source) {
        audience.suppress(m.email(), reason, source);
    }

    private static Row row(RecipientStatus r, Optional<SentMessage> message, BounceSource source, String format, byte[] raw,
                           int rawSize, String classification, String outcome) {
        return new Row(source, format, raw, rawSize, Optional.of(r.recipient()).filter(s -> !s.isEmpty()), r.status(),
                Optional.of(r.action().dbName()), r.diagnostic(), r.remoteMta(), classification, outcome, Optional.empty(), message);
    }

    private static String days(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toSeconds() + " s";
    }
}
