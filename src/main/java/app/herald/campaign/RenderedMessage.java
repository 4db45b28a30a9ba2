package app.herald.campaign;

import java.util.Objects;

/** One recipient's message, ready to be put into MIME: tracked HTML, its text part and the unsubscribe URL. */
public record RenderedMessage(String subject, String html, String text, String unsubscribeUrl) {
    public RenderedMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(unsubscribeUrl, "unsubscribeUrl");
    }
}
