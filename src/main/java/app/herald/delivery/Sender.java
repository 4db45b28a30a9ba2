package app.herald.delivery;

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
    private final Outbound outbound;

    Sender(MessageRenderer renderer, Session session, Outbound outbound) {
        this.renderer = renderer;
        this.session = session;
        this.outbound = outbound;
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
            // signed last: the bytes signed are the bytes the transport writes
            mime = outbound.dkim().sign(MimeMessages.build(session, campaign, rendered, m,
                    outbound.returnPath().envelopeFrom(m.id(), campaign.fromEmail())), campaign.fromDomain());
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
