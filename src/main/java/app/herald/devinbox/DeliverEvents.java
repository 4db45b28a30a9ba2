package app.herald.devinbox;

import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev inbox plays the recipients' mailbox server: each captured message is a DELIVER event
 * (STOREDRIVER) in the MSGTRKMD log. As on a second Exchange server, internal-message-id is this
 * inbox's own number for the message; message-id and network-message-id (Herald's
 * X-Herald-Message header) are the ones the sender logged, which is how a trace joins the two.
 */
final class DeliverEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverEvents.class);
    static final String HOST = "herald-dev-inbox";

    private final TrackingLog log;

    DeliverEvents(TrackingLog log) {
        this.log = log;
    }

    /** Never throws: the message is stored and the sender is about to get its 250. */
    void delivered(long inboxId, String mailFrom, List<String> recipients, Optional<String> subject, byte[] raw,
                   SocketAddress client, Optional<String> helo, String reply) {
        if (!log.enabled()) {
            return;
        }
        try {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(raw));
            LogEvent.Builder b = LogEvent.builder(Prefix.MSGTRKMD, Instant.now(), Source.STOREDRIVER, EventId.DELIVER)
                    .client(client instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : null,
                            helo.orElse(null))
                    .server("127.0.0.1", HOST).sourceContext("Mailbox:Herald dev inbox, Item:" + inboxId)
                    .message(inboxId, headers.getHeader("Message-ID", null), uuid(headers.getHeader("X-Herald-Message", null)))
                    .totalBytes((long) raw.length).recipientCount(recipients.size()).subject(subject.orElse(null))
                    .sender(sender(headers.getHeader("From", ",")), mailFrom).messageInfo(sent(headers.getHeader("Date", null)))
                    .directionality("Originating");
            recipients.forEach(r -> b.recipient(r, reply));
            log.record(b.build());
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("dev inbox: message {} is stored but its DELIVER event could not be logged: {}", inboxId, e.toString());
        }
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String sender(String from) {
        try {
            InternetAddress[] parsed = from == null ? new InternetAddress[0] : InternetAddress.parseHeader(from, false);
            return parsed.length == 0 ? null : parsed[0].getAddress();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The Date header: the closest the inbox has to Exchange's origination time. */
    private static Instant sent(String date) {
        try {
            return date == null ? null : new MailDateFormat().parse(date).toInstant();
        } catch (ParseException e) {
            return null;
        }
    }
}
