package app.herald.delivery;

import app.herald.config.HeraldConfig;
import app.herald.delivery.SmtpWire.Reply;
import java.io.IOException;

/**
 * One long-lived SMTP connection, used by one thread at a time. It connects on first use
 * ({@link SmtpSession}: greeting, EHLO, STARTTLS or TLS, AUTH) and reconnects after a lost
 * connection; a connection idle for a while is checked with NOOP before reuse, since relays drop
 * idle clients. Each message is one transaction: MAIL, RCPT and DATA go out in one write when the
 * server offers PIPELINING (RFC 2920), then the content; the server's replies are kept whole for
 * the send record and the tracking log.
 */
final class SmtpConnection implements AutoCloseable {
    private static final long CHECK_AFTER_IDLE_NANOS = 30_000_000_000L;

    private final HeraldConfig.Smtp config;
    private final SmtpSession.Opener opener;
    private SmtpSession session;
    private long lastUsed;
    private boolean lostConnection;
    private boolean contentWritten;

    private final java.time.Duration timeout;

    SmtpConnection(HeraldConfig.Smtp config, SmtpSession.Opener opener, java.time.Duration timeout) {
        this.config = config;
        this.opener = opener;
        this.timeout = timeout;
    }

    /** Sends one message to one recipient (a bare address); never throws. */
    SendOutcome send(PreparedMessage message, String recipient) {
        return send(message, recipient, () -> {
        });
    }

    /**
     * The same, running {@code whileRelayReplies} once the content is written, before the relay's
     * answer to it is read (the relay takes a while to queue a message: work done meanwhile is free).
     * It may run more than once if the connection is retried; it must not throw.
     */
    SendOutcome send(PreparedMessage message, String recipient, Runnable whileRelayReplies) {
        boolean reused = session != null;
        SendOutcome outcome = attempt(message, recipient, whileRelayReplies);
        // A relay may drop a pooled connection while it sits idle (restart, idle timeout) and the
        // first command then fails. When no byte of the message went out, nothing can have been
        // delivered, so once more on a fresh connection; anything later is final.
        if (reused && !(outcome instanceof SendOutcome.Sent) && !contentWritten && lostConnection) {
            outcome = attempt(message, recipient, whileRelayReplies);
        }
        return outcome;
    }

    private SendOutcome attempt(PreparedMessage message, String recipient, Runnable whileRelayReplies) {
        lostConnection = false;
        contentWritten = false;
        try {
            connect();
        } catch (IOException e) {
            close();
            return new SendOutcome.Deferred("cannot connect to SMTP server " + config.host() + ":" + config.port() + ": "
                    + describe(e));
        }
        try {
            SendOutcome outcome = transaction(message, recipient, whileRelayReplies);
            lastUsed = System.nanoTime();
            return outcome;
        } catch (IOException e) {
            // a timeout or a dropped connection: whether a message got through is not known, the session is gone
            close();
            lostConnection = true;
            return new SendOutcome.Deferred("connection error: " + describe(e));
        }
    }

    private SendOutcome transaction(PreparedMessage message, String recipient, Runnable whileRelayReplies) throws IOException {
        if (SmtpWire.hasLineBreak(recipient) || SmtpWire.hasLineBreak(message.envelopeFrom())) {
            // it would smuggle a command of its own into the session; addresses are validated long before this
            return new SendOutcome.Failed("not sent: the recipient or envelope sender address contains a line break");
        }
        SmtpWire wire = session.wire();
        String mailFrom = "MAIL FROM:<" + message.envelopeFrom() + ">"
                + (session.offers("SMTPUTF8") && !(ascii(message.envelopeFrom()) && ascii(recipient)) ? " SMTPUTF8" : "");
        String rcptTo = "RCPT TO:<" + recipient + ">";
        Reply refusal;
        if (session.offers("PIPELINING")) {
            wire.command(mailFrom);
            wire.command(rcptTo);
            wire.command("DATA");
            wire.flush();
            Reply mail = wire.read();
            Reply rcpt = wire.read();
            Reply data = wire.read();
            refusal = !mail.positive() ? mail : !rcpt.positive() ? rcpt : data.code() != 354 ? data : null;
            if (refusal != null && data.code() == 354) {
                // the server took DATA though the transaction failed before it: end it without content
                return refused(refusal, true, refusal != mail);
            }
            if (refusal != null) {
                return refused(refusal, false, refusal != mail);
            }
        } else {
            refusal = call(wire, mailFrom);
            if (!refusal.positive()) {
                return refused(refusal, false, false);
            }
            refusal = call(wire, rcptTo);
            if (refusal.positive()) {
                Reply data = call(wire, "DATA");
                refusal = data.code() == 354 ? null : data;
            }
            if (refusal != null) {
                return refused(refusal, false, true);
            }
        }
        contentWritten = true;
        wire.content(message.bytes());
        whileRelayReplies.run();
        Reply done = wire.read();
        return done.positive() ? new SendOutcome.Sent(done.text()) : refused(done, false, true);
    }

    /**
     * A refusal: 5xx permanent, else temporary. After 421 the server is closing; otherwise the
     * transaction is reset (ended first with an empty content if the server is waiting for one) and
     * the connection goes on. The refusal is the outcome even if the reset fails. A 5xx to RCPT or
     * DATA ({@code ofRecipientOrMessage}) speaks about the recipient: a bounce at send time.
     */
    private SendOutcome refused(Reply reply, boolean endData, boolean ofRecipientOrMessage) {
        if (reply.code() == 421) {
            close();
            lostConnection = true;
        } else {
            try {
                if (endData) {
                    session.wire().emptyContent();
                    session.wire().read();
                }
                if (!call(session.wire(), "RSET").positive()) {
                    close();
                }
            } catch (IOException e) {
                close();
            }
        }
        return SendOutcome.refused(reply.text(), ofRecipientOrMessage);
    }

    private static Reply call(SmtpWire wire, String command) throws IOException {
        wire.command(command);
        wire.flush();
        return wire.read();
    }

    private void connect() throws IOException {
        if (session != null) {
            if (System.nanoTime() - lastUsed < CHECK_AFTER_IDLE_NANOS) {
                return;
            }
            try {
                if (call(session.wire(), "NOOP").positive()) {
                    lastUsed = System.nanoTime();
                    return;
                }
            } catch (IOException e) {
                // dropped while idle: connect again below
            }
            close();
        }
        session = opener.open();
        lastUsed = System.nanoTime();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private String describe(Exception e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        if (e instanceof java.net.SocketTimeoutException) {
            sb.append(" (no reply within ").append(timeout.toSeconds()).append(" s)");
        }
        return sb.toString().strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Says QUIT without waiting for the answer, and closes. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
