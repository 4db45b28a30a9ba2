package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import java.util.UUID;

/** Builds the MIME message for one recipient: multipart/alternative with the unsubscribe headers of RFC 2369 and 8058. */
final class MimeMessages {
    private static final String UTF8 = StandardCharsets.UTF_8.name();

    private MimeMessages() {
    }

    /**
     * The Message-ID is derived from the message's random network id, so a later resend of the same
     * row carries the same Message-ID and receivers can recognise a duplicate.
     */
    static String messageIdHeader(Outgoing m, Campaign c) {
        return messageIdHeader(m.networkMessageId(), c.fromDomain());
    }

    static String messageIdHeader(UUID networkMessageId, String fromDomain) {
        return "<" + networkMessageId + "@" + fromDomain + ">";
    }

    /**
     * {@code envelopeFrom} is the SMTP MAIL FROM (the VERP return path, or the from address): where
     * bounces go, and where read receipts are asked to go when the campaign requests them, since a
     * mail program sends them without asking only when that address equals the Return-Path (RFC 8098).
     */
    static MimeMessage build(Session session, Campaign c, RenderedMessage r, Outgoing m, String envelopeFrom)
            throws MessagingException, UnsupportedEncodingException {
        SMTPMessage msg = new FixedIdMessage(session, messageIdHeader(m, c));
        msg.setEnvelopeFrom(envelopeFrom);
        msg.setFrom(new InternetAddress(c.fromEmail(), c.fromName(), UTF8));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress(m.email(), true));
        if (c.replyTo().isPresent()) {
            msg.setReplyTo(new InternetAddress[] {new InternetAddress(c.replyTo().get())});
        }
        msg.setSubject(r.subject(), UTF8);
        msg.setSentDate(new Date());

        MimeBodyPart text = new MimeBodyPart();
        text.setText(r.text(), UTF8, "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(r.html(), UTF8, "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        msg.setContent(alternative);

        String token = r.unsubscribeUrl().substring(r.unsubscribeUrl().lastIndexOf('/') + 1);
        String listUnsubscribe = "<" + r.unsubscribeUrl() + ">, <mailto:unsubscribe+" + token + "@" + c.fromDomain() + ">";
        msg.setHeader("List-Unsubscribe", MimeUtility.fold("List-Unsubscribe: ".length(), listUnsubscribe));
        msg.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        msg.setHeader("X-Herald-Message", m.networkMessageId().toString());
        if (c.requestReadReceipt()) {
            msg.setHeader("Disposition-Notification-To", envelopeFrom);
        }
        msg.saveChanges();
        return msg;
    }

    /** saveChanges() would replace the Message-ID with a generated one; Herald's own must stay. */
    private static final class FixedIdMessage extends SMTPMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
