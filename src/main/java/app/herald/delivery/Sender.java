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

/**
 * Renders, builds and sends one leased message over a borrowed connection; never throws for one bad
 * message. Each outcome goes to the message tracking log as it happens.
 */
final class Sender {
    private final MessageRenderer renderer;
    private final Session session;
    private final Outbound outbound;
    private final DeliveryEvents events;

    Sender(MessageRenderer renderer, Session session, Outbound outbound, DeliveryEvents events) {
        this.renderer = renderer;
        this.session = session;
        this.outbound = outbound;
        this.events = events;
    }

    Attempt send(Outgoing m, Campaign campaign, SmtpConnection connection) {
        if (m.suppressed()) {
            // suppressed after the campaign was started (a bounce or complaint meanwhile), or a test to a suppressed address
            events.suppressed(m, campaign, "on the suppression list");
            return notSent(m, "the address or its domain is on the suppression list");
        }
        if (!m.test()) {
            // the contact may have unsubscribed (or bounced) after the campaign was started
            String status = m.contactStatus().orElse("deleted");
            if (!status.equals("active")) {
                events.suppressed(m, campaign, status);
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
            events.submitFailed(m, campaign, e.getMessage());
            return notSent(m, e.getMessage());
        } catch (MessagingException | UnsupportedEncodingException e) {
            events.submitFailed(m, campaign, "cannot build the MIME message: " + e.getMessage());
            return notSent(m, "cannot build the MIME message: " + e.getMessage());
        }
        SendOutcome outcome = connection.send(mime, to);
        events.attempted(m, campaign, rendered.subject(), connection.lastMessageBytes(), outcome);
        return new Attempt(m, outcome, Optional.of(MimeMessages.messageIdHeader(m, campaign)));
    }

    /** The message's campaign was deleted while it waited in the queue. */
    Attempt campaignMissing(Outgoing m) {
        events.campaignMissing(m);
        return notSent(m, "campaign " + m.campaignId() + " no longer exists");
    }

    static Attempt notSent(Outgoing m, String why) {
        return new Attempt(m, new SendOutcome.Failed("not sent: " + why), Optional.empty());
    }
}
