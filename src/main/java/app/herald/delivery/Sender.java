package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.MessageRenderer;
import app.herald.campaign.RenderException;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.Optional;

/** Renders, builds and sends one leased message over a borrowed connection; never throws for one bad message. */
final class Sender {
    private final MessageRenderer renderer;
    private final Session session;
    private final MimeMessages mime = new MimeMessages();

    Sender(MessageRenderer renderer, Session session) {
        this.renderer = renderer;
        this.session = session;
    }

    Attempt send(Outgoing m, Campaign campaign, SmtpConnection connection) {
        if (!m.test()) {
            // the contact may have unsubscribed (or bounced) after the campaign was started
            String status = m.contactStatus().orElse("deleted");
            if (!status.equals("active")) {
                return notSent(m, "the contact is " + status);
            }
        }
        PreparedMessage message;
        InternetAddress to;
        try {
            to = new InternetAddress(m.email(), true);
            RenderedMessage rendered = renderer.render(campaign, m.recipient(), m.id());
            message = mime.build(session, campaign, rendered, m, to);
        } catch (RenderException e) {
            return notSent(m, e.getMessage());
        } catch (MessagingException | UnsupportedEncodingException e) {
            return notSent(m, "cannot build the MIME message: " + e.getMessage());
        }
        return new Attempt(m, connection.send(message, to), Optional.of(message.getMessageID()));
    }

    static Attempt notSent(Outgoing m, String why) {
        return new Attempt(m, new SendOutcome.Failed("not sent: " + why), Optional.empty());
    }
}
