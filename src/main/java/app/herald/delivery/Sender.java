package app.herald.delivery;

import app.herald.bounce.ReturnPath;
import app.herald.campaign.Campaign;
import app.herald.campaign.MessageRenderer;
import app.herald.campaign.RenderException;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.util.Optional;

/** Renders, builds and sends one leased message over a borrowed connection; never throws for one bad message. */
final class Sender {
    private final MessageRenderer renderer;
    private final Session session;
    private final ReturnPath returnPath;

    Sender(MessageRenderer renderer, Session session, ReturnPath returnPath) {
        this.renderer = renderer;
        this.session = session;
        this.returnPath = returnPath;
    }

    Attempt send(Outgoing m, Campaign campaign, SmtpConnection connection) {
        if (m.suppressed()) {
            // suppressed after the campaign was started (a bounce or complaint meanwhile), or a test to a suppressed address
            return notSent(m, "the address or its domain is on the suppression list");
        }
        if (!m.test()) {
            // the contact may have unsubscribed (or bounced) after the campaign was started
            String status = m.contactStatus().orElse("deleted");
            if (!status.equals("active")) {
                return notSent(m, "the contact is " + status);
            }
        }
        RenderedMessage rendered;
        MimeMessage mime;
        InternetAddress to;
        try {
            rendered = renderer.render(campaign, m.recipient(), m.id());
            mime = MimeMessages.build(session, campaign, rendered, m, returnPath.envelopeFrom(m.id(), campaign.fromEmail()));
            to = new InternetAddress(m.email(), true);
        } catch (RenderException e) {
            return notSent(m, e.getMessage());
        } catch (MessagingException | UnsupportedEncodingException e) {
            return notSent(m, "cannot build the MIME message: " + e.getMessage());
        }
        return new Attempt(m, connection.send(mime, to), Optional.of(MimeMessages.messageIdHeader(m, campaign)));
    }

    static Attempt notSent(Outgoing m, String why) {
        return new Attempt(m, new SendOutcome.Failed("not sent: " + why), Optional.empty());
    }
}
