package app.herald.delivery;

import app.herald.config.HeraldConfig;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One long-lived SMTP connection, used by one thread at a time. It connects on first use and
 * reconnects after any failure; a connection idle for a while is checked with NOOP before reuse,
 * since relays drop idle clients.
 */
final class SmtpConnection implements AutoCloseable {
    private static final long CHECK_AFTER_IDLE_NANOS = 30_000_000_000L;

    private final Session session;
    private final HeraldConfig.Smtp config;
    private SMTPTransport transport;
    private long lastUsed;
    private boolean lostConnection;

    SmtpConnection(Session session, HeraldConfig.Smtp config) {
        this.session = session;
        this.config = config;
    }

    SendOutcome send(PreparedMessage message, Address recipient) {
        boolean reused = transport != null;
        SendOutcome outcome = attempt(message, recipient);
        // A relay may drop a pooled connection while it sits idle (restart, idle timeout) and the
        // first command then fails. When no byte of the message went out, nothing can have been
        // delivered, so once more on a fresh connection; anything later is final.
        if (reused && !(outcome instanceof SendOutcome.Sent) && !message.contentWritten() && lostConnection) {
            outcome = attempt(message, recipient);
        }
        return outcome;
    }

    private SendOutcome attempt(PreparedMessage message, Address recipient) {
        lostConnection = false;
        try {
            connect();
        } catch (MessagingException e) {
            close();
            return new SendOutcome.Deferred("cannot connect to SMTP server " + config.host() + ":" + config.port() + ": "
                    + describe(e));
        }
        try {
            transport.sendMessage(message, new Address[] {recipient});
            lastUsed = System.nanoTime();
            return new SendOutcome.Sent(reply(transport.getLastServerResponse(), 250));
        } catch (MessagingException e) {
            // after a rejection the session state is unclear (RSET or not); a fresh connection is cheap
            close();
            lostConnection = connectionLost(e);
            return SendOutcome.refused(rejection(e), ofRecipientOrMessage(e));
        }
    }

    /** No reply from the relay (an I/O error or end of stream), or 421: it is closing the connection. */
    private static boolean connectionLost(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            int code = x instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : x instanceof SMTPSenderFailedException s ? s.getReturnCode()
                    : x instanceof SMTPSendFailedException f ? f.getReturnCode() : -1;
            if (code >= 200) {
                return code == 421;
            }
        }
        return true;
    }

    /** Whether the rejection answered RCPT or DATA (not MAIL FROM, not a connection error). */
    private static boolean ofRecipientOrMessage(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException) {
                return true;
            }
            if (x instanceof SMTPSenderFailedException) {
                return false;
            }
            if (x instanceof SMTPSendFailedException s) {
                String command = s.getCommand() == null ? "" : s.getCommand().strip().toUpperCase(java.util.Locale.ROOT);
                return !command.startsWith("MAIL") && !command.startsWith("EHLO") && !command.startsWith("HELO")
                        && !command.startsWith("AUTH");
            }
        }
        return false;
    }

    private void connect() throws MessagingException {
        // isConnected() costs a NOOP round trip: only ask after the connection sat idle
        if (transport != null && (System.nanoTime() - lastUsed < CHECK_AFTER_IDLE_NANOS || transport.isConnected())) {
            return;
        }
        close();
        SMTPTransport t = (SMTPTransport) session.getTransport("smtp");
        t.connect(config.host(), config.port(), config.user().orElse(null), config.password().orElse(null));
        transport = t;
        lastUsed = System.nanoTime();
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
