package app.herald.devinbox;

import app.herald.HeraldException;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** Reads raw captured MIME the way a mail client would. */
final class MimeParser {
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeParser() {
    }

    /** The decoded Subject header, read from the header block only; empty when absent. */
    static Optional<String> subjectOf(byte[] raw) {
        try {
            String subject = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("Subject", null);
            return Optional.ofNullable(subject).map(MimeParser::decode);
        } catch (MessagingException e) {
            // A mangled header block is still captured; the UI shows it without a subject.
            return Optional.empty();
        }
    }

    static RenderedMail render(long id, byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Parts parts = new Parts();
            parts.collect(message);
            List<RenderedMail.Header> headers = new ArrayList<>();
            for (Header h : Collections.list(message.getAllHeaders())) {
                headers.add(new RenderedMail.Header(h.getName(), decode(h.getValue())));
            }
            return new RenderedMail(id, header(message, "From"), header(message, "To"), header(message, "Subject"),
                    Optional.ofNullable(message.getSentDate()).map(java.util.Date::toInstant), header(message, "Message-ID"),
                    Optional.ofNullable(parts.html), Optional.ofNullable(parts.text), headers,
                    new String(raw, StandardCharsets.UTF_8));
        } catch (MessagingException | IOException e) {
            throw new HeraldException("dev inbox message " + id + " cannot be parsed as MIME: " + e.getMessage(), e);
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ", ");
        return value == null ? "" : decode(value);
    }

    private static String decode(String value) {
        String unfolded = MimeUtility.unfold(value);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (java.io.UnsupportedEncodingException e) {
            return unfolded;
        }
    }

    /** The first inline text/html and text/plain parts, depth first, as a client picks them from alternatives. */
    private static final class Parts {
        String html;
        String text;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            }
        }
    }
}
