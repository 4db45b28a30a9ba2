package app.herald.tracelog;

import app.herald.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of Get-MessageTrackingLog. Addresses and ids match without regard to ASCII case,
 * message ids with or without {@code <>}; a record matches {@code recipients} when any of its
 * recipients is any of them; {@code start} is inclusive, {@code end} exclusive; {@code subject}
 * is a case-insensitive substring. {@code resultSize} caps the records returned
 * ({@link #UNLIMITED} for all).
 */
public record SearchQuery(Optional<String> sender, List<String> recipients, Optional<String> messageId,
                          Optional<String> internalMessageId, Optional<String> networkMessageId, Optional<String> eventId,
                          Optional<String> source, Optional<Instant> start, Optional<Instant> end, Optional<String> subject,
                          Optional<String> reference, int resultSize) {
    public static final int DEFAULT_RESULT_SIZE = 1000;
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public SearchQuery {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(internalMessageId, "internalMessageId");
        Objects.requireNonNull(networkMessageId, "networkMessageId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reference, "reference");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (resultSize < 1) {
            throw new InvalidInputException("result size must be at least 1 or 'unlimited', got " + resultSize);
        }
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            throw new InvalidInputException("start " + start.get() + " must be before end " + end.get() + " (end is exclusive)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An ISO 8601 time: {@code 2026-10-01}, {@code 2026-10-01T08:30}, {@code 2026-10-01T08:30:00.5Z},
     * {@code 2026-10-01T08:30+08:00}; without an offset it is UTC, as the log is.
     */
    public static Instant parseTime(String parameter, String raw) {
        String v = raw.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // not with an offset; try the forms without one
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a local date-time either
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(parameter + " must be an ISO 8601 date or date-time such as 2026-10-01,"
                    + " 2026-10-01T08:30:00Z or 2026-10-01T16:30+08:00 (UTC when no offset is given), got '" + raw + "'");
        }
    }

    /** A positive whole number or {@code unlimited}. */
    public static int parseResultSize(String raw) {
        String v = raw.strip();
        if (v.toLowerCase(Locale.ROOT).equals("unlimited")) {
            return UNLIMITED;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("result size must be a whole number of at least 1 or 'unlimited', got '" + raw + "'");
    }

    /** Collects parameters; blank values count as absent. */
    public static final class Builder {
        private Optional<String> sender = Optional.empty();
        private final List<String> recipients = new ArrayList<>();
        private Optional<String> messageId = Optional.empty();
        private Optional<String> internalMessageId = Optional.empty();
        private Optional<String> networkMessageId = Optional.empty();
        private Optional<String> eventId = Optional.empty();
        private Optional<String> source = Optional.empty();
        private Optional<Instant> start = Optional.empty();
        private Optional<Instant> end = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<String> reference = Optional.empty();
        private int resultSize = DEFAULT_RESULT_SIZE;

        private Builder() {
        }

        public Builder sender(String v) {
            sender = given(v);
            return this;
        }

        public Builder recipients(List<String> values) {
            values.stream().map(Builder::given).flatMap(Optional::stream).forEach(recipients::add);
            return this;
        }

        public Builder recipient(String v) {
            return recipients(List.of(v));
        }

        public Builder messageId(String v) {
            messageId = given(v);
            return this;
        }

        public Builder internalMessageId(String v) {
            internalMessageId = given(v);
            return this;
        }

        public Builder networkMessageId(String v) {
            networkMessageId = given(v);
            return this;
        }

        public Builder eventId(String v) {
            eventId = given(v);
            return this;
        }

        public Builder source(String v) {
            source = given(v);
            return this;
        }

        public Builder start(Instant v) {
            start = Optional.ofNullable(v);
            return this;
        }

        public Builder end(Instant v) {
            end = Optional.ofNullable(v);
            return this;
        }

        public Builder subject(String v) {
            subject = given(v);
            return this;
        }

        public Builder reference(String v) {
            reference = given(v);
            return this;
        }

        public Builder resultSize(int v) {
            resultSize = v;
            return this;
        }

        public SearchQuery build() {
            return new SearchQuery(sender, recipients, messageId, internalMessageId, networkMessageId, eventId, source,
                    start, end, subject, reference, resultSize);
        }

        private static Optional<String> given(String v) {
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }
    }
}
