package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.RenderedMessage;
import app.herald.delivery.MimeEncoding.Bytes;
import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the message for one recipient: multipart/alternative (text, then HTML) with the
 * unsubscribe headers of RFC 2369 and 8058, written once into bytes that the SMTP transport sends
 * as they are. The headers that only depend on the campaign are formatted once per campaign version.
 */
final class MimeMessages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    /** From and Reply-To as header lines. */
    private record CampaignHeaders(Instant version, String lines) {
    }

    /** The Date header's value, formatted once per second rather than once per message. */
    private record DateValue(long epochSecond, String text) {
    }

    private final Map<Long, CampaignHeaders> headers = new ConcurrentHashMap<>();
    private volatile DateValue date = new DateValue(Long.MIN_VALUE, "");

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
     * Throws {@link AddressException} for a from or reply-to address that does not parse.
     * {@code envelopeFrom} is the SMTP MAIL FROM (the VERP return path, or the from address): where
     * bounces go, and where read receipts are asked to go when the campaign requests them, since a
     * mail program sends them without asking only when that address equals the Return-Path (RFC 8098).
     */
    PreparedMessage build(Campaign c, RenderedMessage r, Outgoing m, InternetAddress to, String envelopeFrom)
            throws AddressException, UnsupportedEncodingException {
        CampaignHeaders campaign = headersOf(c);
        // '=' cannot occur in quoted-printable or base64 output, so this boundary never collides with a body
        String boundary = "----=_Herald_" + m.networkMessageId();
        String token = r.unsubscribeUrl().substring(r.unsubscribeUrl().lastIndexOf('/') + 1);
        String listUnsubscribe = "<" + r.unsubscribeUrl() + ">, <mailto:unsubscribe+" + token + "@" + c.fromDomain() + ">";

        Bytes out = new Bytes((r.text().length() + r.html().length()) * 11 / 10 + 1536);
        header(out, "Date", date());
        out.ascii(campaign.lines());
        header(out, "To", to.toString());
        header(out, "Message-ID", messageIdHeader(m, c));
        header(out, "Subject", MimeEncoding.isAscii(r.subject()) ? MimeEncoding.fold(9, r.subject())
                : MimeEncoding.encodedWords(r.subject()));
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Type", "multipart/alternative; \r\n\tboundary=\"" + boundary + "\"");
        header(out, "List-Unsubscribe", MimeEncoding.fold("List-Unsubscribe: ".length(), listUnsubscribe));
        header(out, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        if (c.requestReadReceipt()) {
            header(out, "Disposition-Notification-To", envelopeFrom);
        }
        header(out, "X-Herald-Message", m.networkMessageId().toString());
        out.crlf();
        part(out, boundary, "text/plain; charset=UTF-8", r.text());
        part(out, boundary, "text/html; charset=UTF-8", r.html());
        out.ascii("--").ascii(boundary).ascii("--").crlf();
        return new PreparedMessage(envelopeFrom, messageIdHeader(m, c), out.toArray());
    }

    private String date() {
        long now = Instant.now().getEpochSecond();
        DateValue d = date;
        if (d.epochSecond() != now) {
            d = new DateValue(now, ZonedDateTime.ofInstant(Instant.ofEpochSecond(now), ZoneId.systemDefault()).format(DATE));
            date = d;
        }
        return d.text();
    }

    private CampaignHeaders headersOf(Campaign c) throws AddressException, UnsupportedEncodingException {
        CampaignHeaders h = headers.get(c.id());
        if (h == null || !h.version().equals(c.updatedAt())) {
            InternetAddress from = new InternetAddress(c.fromEmail(), c.fromName(), StandardCharsets.UTF_8.name());
            StringBuilder lines = new StringBuilder("From: ").append(InternetAddress.toString(new Address[] {from}, 6))
                    .append("\r\n");
            Optional<String> replyTo = c.replyTo();
            if (replyTo.isPresent()) {
                lines.append("Reply-To: ")
                        .append(InternetAddress.toString(new Address[] {new InternetAddress(replyTo.get())}, 10)).append("\r\n");
            }
            h = new CampaignHeaders(c.updatedAt(), lines.toString());
            if (headers.size() > 256) {
                headers.clear();
            }
            headers.put(c.id(), h);
        }
        return h;
    }

    /** Header values are ASCII except an internationalised recipient address, which goes out as UTF-8 (RFC 6532). */
    private static void header(Bytes out, String name, String value) {
        out.ascii(name).ascii(": ");
        if (MimeEncoding.isAscii(value)) {
            out.ascii(value);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.put(utf8, 0, utf8.length);
        }
        out.crlf();
    }

    private static void part(Bytes out, String boundary, String contentType, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        String encoding = MimeEncoding.transferEncoding(content);
        out.ascii("--").ascii(boundary).crlf();
        header(out, "Content-Type", contentType);
        header(out, "Content-Transfer-Encoding", encoding);
        out.crlf();
        MimeEncoding.body(out, content, encoding);
        out.crlf();
    }
}
