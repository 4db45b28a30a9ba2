package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.MessageRenderer;
import app.herald.campaign.RenderException;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders, builds and sends one leased message over a borrowed connection; never throws for one bad
 * message. Preparing (render and build) and delivering are separate steps so that the next message
 * can be prepared while the current one is on the wire.
 */
final class Sender {
    private final MessageRenderer renderer;
    private final Session session;
    private final MimeMessages mime = new MimeMessages();

    /** A message ready to go, or the reason it will not be sent. */
    sealed interface Prepared {
        Outgoing message();
    }

    record Ready(Outgoing message, PreparedMessage mime, InternetAddress to) implements Prepared {
        Ready {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(mime, "mime");
            Objects.requireNonNull(to, "to");
        }
    }

    record Skipped(Attempt attempt) implements Prepared {
        @Override
        public Outgoing message() {
            return attempt.message();
        }
    }

    Sender(MessageRenderer renderer, Session session) {
        this.renderer = renderer;
        this.session = session;
    }

    Attempt send(Outgoing m, Campaign campaign, SmtpConnection connection) {
        return deliver(prepare(m, campaign), connection);
    }

    Prepared prepare(Outgoing m, Campaign campaign) {
        if (!m.test()) {
            // the contact may have unsubscribed (or bounced) after the campaign was started
            String status = m.contactStatus().orElse("deleted");
            if (!status.equals("active")) {
                return new Skipped(notSent(m, "the contact is " + status));
            }
        }
        try {
            InternetAddress to = new InternetAddress(m.email(), true);
            RenderedMessage rendered = renderer.render(campaign, m.recipient(), m.id());
            return new Ready(m, mime.build(session, campaign, rendered, m, to), to);
        } catch (RenderException e) {
            return new Skipped(notSent(m, e.getMessage()));
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new Skipped(notSent(m, "cannot build the MIME message: " + e.getMessage()));
        }
    }

    Attempt deliver(Prepared prepared, SmtpConnection connection) {
        return switch (prepared) {
            case Skipped s -> s.attempt();
            case Ready r -> new Attempt(r.message(), connection.send(r.mime(), r.to()), Optional.of(r.mime().getMessageID()));
        };
    }

    static Attempt notSent(Outgoing m, String why) {
        return new Attempt(m, new SendOutcome.Failed("not sent: " + why), Optional.empty());
    }
}
