package app.herald.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What a received report is, as parsed, before it is matched to a message. */
sealed interface Report {
    /** dsn, arf, mdn, or the name of a non-standard bounce format (qmail, exim, exchange, gmail, generic). */
    String format();

    Original original();

    /** A delivery status notification (RFC 3464) or a non-standard bounce: one status per recipient. */
    record Delivery(String format, List<RecipientStatus> recipients, Original original) implements Report {
        public Delivery {
            Objects.requireNonNull(format, "format");
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("a delivery report names at least one recipient");
            }
            Objects.requireNonNull(original, "original");
        }
    }

    /** An ARF feedback report (RFC 5965): a recipient (or their provider) reported the message. */
    record Complaint(String feedbackType, Optional<String> recipient, Optional<String> userAgent, Original original)
            implements Report {
        public Complaint {
            Objects.requireNonNull(feedbackType, "feedbackType");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(original, "original");
        }

        @Override
        public String format() {
            return "arf";
        }
    }

    /** A message disposition notification (RFC 8098): a read receipt, or another disposition. */
    record Receipt(String disposition, Optional<String> recipient, Original original) implements Report {
        public Receipt {
            Objects.requireNonNull(disposition, "disposition");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(original, "original");
        }

        @Override
        public String format() {
            return "mdn";
        }

        /** The disposition type: displayed, deleted, dispatched, processed (or the obsolete denied, failed). */
        String dispositionType() {
            String afterModes = disposition.contains(";") ? disposition.substring(disposition.indexOf(';') + 1) : disposition;
            return afterModes.strip().split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
        }
    }

    /** Not a report Herald understands (an auto-reply, spam, a format it cannot read). */
    record Unrecognized(String why, Original original) implements Report {
        public Unrecognized {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(original, "original");
        }

        @Override
        public String format() {
            return "unknown";
        }
    }
}
