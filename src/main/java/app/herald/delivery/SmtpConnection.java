package app.herald.delivery;

import app.herald.config.HeraldConfig;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * One long-lived SMTP connection, used by one thread at a time. It connects on first use and
 * reconnects after any failure; a connection idle for a while is checked with NOOP before reuse,
 * since relays drop idle clients.
 */
final class SmtpConnection implements AutoCloseable {
    private static final long CHECK_AFTER_IDLE_NANOS = 30_000_000_000L;

    private final Session session;
    private final HeraldConfig.Smtp config;
    private CountingTransport transport;
    private long lastUsed;
    private long lastMessageBytes = -1;

    SmtpConnection(Session session, HeraldConfig.Smtp config) {
        this.session = session;
        this.config = config;
    }

    SendOutcome send(MimeMessage message, Address recipient) {
        lastMessageBytes = -1;
        try {
            connect();
        } catch (MessagingException e) {
            close();
            return new SendOutcome.Failed("cannot connect to SMTP server " + config.host() + ":" + config.port() + ": "
                    + describe(e));
        }
        try {
            transport.sendMessage(message, new Address[] {recipient});
            lastUsed = System.nanoTime();
            lastMessageBytes = transport.lastMessageBytes();
            return new SendOutcome.Sent(reply(transport.getLastServerResponse(), 250));
        } catch (MessagingException e) {
            lastMessageBytes = transport.lastMessageBytes();
            // after a rejection the session state is unclear (RSET or not); a fresh connection is cheap
            close();
            return new SendOutcome.Failed(rejection(e));
        }
    }

    private void connect() throws MessagingException {
        // isConnected() costs a NOOP round trip: only ask after the connection sat idle
        if (transport != null && (System.nanoTime() - lastUsed < CHECK_AFTER_IDLE_NANOS || transport.isConnected())) {
            return;
        }
        close();
        CountingTransport t = new CountingTransport(session);
        t.connect(config.host(), config.port(), config.user().orElse(null), config.password().orElse(null));
        transport = t;
        lastUsed = System.nanoTime();
    }

    /** Bytes of the message last sent (or tried) on this connection, for the tracking log; -1 when it never reached DATA. */
    long lastMessageBytes() {
        return lastMessageBytes;
    }

    /** The server's own words for a rejection ("550 5.1.1 <x@y>: user unknown"), else the local error. */
    private static String rejection(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return reply(a.getMessage(), a.getReturnCode());
            }
            if (x instanceof SMTPSenderFailedException s) {
                return reply(s.getMessage(), s.getReturnCode());
            }
            if (x instanceof SMTPSendFailedException s) {
                return reply(s.getMessage(), s.getReturnCode());
            }
        }
        return "connection error: " + describe(e);
    }

    private static String reply(String text, int code) {
        String t = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
        return t.matches("^[2-5]\\d\\d([ -].*)?$") ? t : (code + " " + t).strip();
    }

    private static String describe(Exception e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return sb.toString().strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the connection is going away anyway; QUIT failing changes nothing
            }
            transport = null;
        }
    }
}
