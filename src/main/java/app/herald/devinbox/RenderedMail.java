package app.herald.devinbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A captured message parsed as a mail client would: the header fields decoded, the first inline
 * HTML and text parts, every header in order, and the raw source for those who want to see it.
 * {@code from} and {@code to} are the header values, not the envelope.
 */
public record RenderedMail(long id, String from, String to, String subject, Optional<Instant> date, String messageId,
                           Optional<String> html, Optional<String> text, List<Header> headers, String source) {
    public RenderedMail {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(source, "source");
    }

    /** One header field, unfolded, with RFC 2047 encoded words decoded. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The first header with this name (case-insensitive), e.g. {@code List-Unsubscribe}. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }
}
