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
 *
 * <p>With PIPELINING, the next message's MAIL, RCPT and DATA may follow a message's content in the
 * same write (RFC 2920 allows the end of data inside a group), when the sender says which message
 * comes next over this connection ({@link Following}): one write and one wait for the relay per
 * message instead of two. If a different message comes next after all, the session is dropped
 * before anything of it is written: the relay, waiting for the announced content, discards a
 * transaction whose data never ended, so nothing is delivered that was not meant to be.
 */
final class SmtpConnection implements AutoCloseable {
    private static final long CHECK_AFTER_IDLE_NANOS = 30_000_000_000L;

    /** A message's envelope as it goes out: the message itself (by identity) and its recipient. */
    record Envelope(PreparedMessage message, String recipient) {
    }

    /** What the sender does while a message is in its SMTP transaction, before its content goes out. */
    @FunctionalInterface
    interface Following {
        Following NONE = () -> null;

        /**
         * Prepares the next message, if any (once, however often asked), and returns its envelope
         * if it is to go out next over this same connection, else null. Must not throw.
         */
        Envelope prepare();
    }

    private final HeraldConfig.Smtp config;
    private final SmtpSession.Opener opener;
    private SmtpSession session;
    private long lastUsed;
    /** After this long unused the session is checked (or, with a message announced, replaced) before use; tests shorten it. */
    long checkAfterIdleNanos = CHECK_AFTER_IDLE_NANOS;
    private boolean lostConnection;
    private boolean contentWritten;
    /** The message whose MAIL, RCPT and DATA followed the last content; their replies are still unread. */
    private Envelope announced;

    private final java.time.Duration timeout;

    SmtpConnection(HeraldConfig.Smtp config, SmtpSession.Opener opener, java.time.Duration timeout) {
        this.config = config;
        this.opener = opener;
        this.timeout = timeout;
    }

    /** Sends one message to one recipient (a bare address); never throws. */
    SendOutcome send(PreparedMessage message, String recipient) {
        return send(message, recipient, Following.NONE);
    }

    /**
     * The same, asking {@code following} for the next message once the relay is ready for this
     * one's content: without PIPELINING after the content is written, before the relay's answer is
     * read (the relay takes a while to queue a message: work done meanwhile is free); with it,
     * before, so that the next envelope can go out with the content. It may be asked more than once
     * if the connection is retried.
     */
    SendOutcome send(PreparedMessage message, String recipient, Following following) {
        boolean reused = session != null;
        SendOutcome outcome = attempt(message, recipient, following);
        // A relay may drop a pooled connection while it sits idle (restart, idle timeout) and the
        // first command then fails. When no byte of the message went out, nothing can have been
        // delivered, so once more on a fresh connection; anything later is final.
        if (reused && !(outcome instanceof SendOutcome.Sent) && !contentWritten && lostConnection) {
            outcome = attempt(message, recipient, following);
        }
        return outcome;
    }

    private SendOutcome attempt(PreparedMessage message, String recipient, Following following) {
        lostConnection = false;
        contentWritten = false;
        if (announced != null && (announced.message() != message || !announced.recipient().equals(recipient))) {
            close(); // the relay waits for another message's content: see the class comment
        }
        try {
            connect();
        } catch (IOException e) {
            close();
            return new SendOutcome.Deferred("cannot connect to SMTP server " + config.host() + ":" + config.port() + ": "
                    + describe(e));
        }
        try {
            SendOutcome outcome = transaction(message, recipient, following);
            lastUsed = System.nanoTime();
            return outcome;
        } catch (IOException e) {
            // a timeout or a dropped connection: whether a message got through is not known, the session is gone
            close();
            lostConnection = true;
            return new SendOutcome.Deferred("connection error: " + describe(e));
        }
    }

    private SendOutcome transaction(PreparedMessage message, String recipient, Following following) throws IOException {
        if (!addressesFit(message, recipient)) {
            // it would smuggle a command of its own into the session; addresses are validated long before this
            return new SendOutcome.Failed("not sent: the recipient or envelope sender address contains a line break");
        }
        SmtpWire wire = session.wire();
        Reply refusal;
        boolean pipelining = session.offers("PIPELINING");
        if (pipelining) {
            if (announced == null) {
                envelope(wire, message, recipient);
                wire.flush();
            }
            announced = null;
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
            refusal = call(wire, mailFrom(message, recipient));
            if (!refusal.positive()) {
                return refused(refusal, false, false);
            }
            refusal = call(wire, "RCPT TO:<" + recipient + ">");
            if (refusal.positive()) {
                Reply data = call(wire, "DATA");
                refusal = data.code() == 354 ? null : data;
            }
            if (refusal != null) {
                return refused(refusal, false, true);
            }
        }
        Envelope next = pipelining ? following.prepare() : null;
        contentWritten = true;
        wire.content(message.bytes());
        if (next != null && addressesFit(next.message(), next.recipient())) {
            envelope(wire, next.message(), next.recipient());
            announced = next;
        }
        wire.flush();
        if (!pipelining) {
            following.prepare();
        }
        Reply done = wire.read();
        if (done.positive()) {
            return new SendOutcome.Sent(done.text());
        }
        if (announced != null && done.code() != 421) {
            // Some relays keep a refused transaction until RSET (the next MAIL then gets "503 sender
            // already specified"), and no RSET can go out now: the announced message starts afresh.
            close();
            return SendOutcome.refused(done.text(), true);
        }
        return refused(done, false, true);
    }

    private static boolean addressesFit(PreparedMessage message, String recipient) {
        return !SmtpWire.hasLineBreak(recipient) && !SmtpWire.hasLineBreak(message.envelopeFrom());
    }

    /** MAIL, RCPT and DATA, queued for one write. */
    private void envelope(SmtpWire wire, PreparedMessage message, String recipient) throws IOException {
        wire.command(mailFrom(message, recipient));
        wire.command("RCPT TO:<" + recipient + ">");
        wire.command("DATA");
    }

    private String mailFrom(PreparedMessage message, String recipient) {
        return "MAIL FROM:<" + message.envelopeFrom() + ">"
                + (session.offers("SMTPUTF8") && !(ascii(message.envelopeFrom()) && ascii(recipient)) ? " SMTPUTF8" : "");
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
            if (System.nanoTime() - lastUsed < checkAfterIdleNanos) {
                return;
            }
            // with a message announced a NOOP would be a line of its content, and the relay may have given up waiting for it
            try {
                if (announced == null && call(session.wire(), "NOOP").positive()) {
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

    /** Says QUIT without waiting for the answer, and closes; with a next message announced, only closes (QUIT would be content). */
    @Override
    public void close() {
        if (session != null) {
            if (announced != null) {
                session.abort();
            } else {
                session.close();
            }
            session = null;
        }
        announced = null;
    }
}
