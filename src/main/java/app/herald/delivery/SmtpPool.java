package app.herald.delivery;

import app.herald.HeraldException;
import app.herald.config.HeraldConfig;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number ({@code smtp.connections}) of long-lived connections to the configured relay.
 * Send workers and test sends borrow one at a time; a borrowed connection is used by one thread
 * only, as Jakarta Mail transports are not thread-safe.
 */
public final class SmtpPool implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HeraldConfig.Smtp config;
    private final SmtpSockets sockets;
    private final Session session;
    private final BlockingQueue<SmtpConnection> idle;
    private volatile boolean closed;

    public SmtpPool(HeraldConfig.Smtp config) {
        this(config, TIMEOUT);
    }

    /** With connect, read and write timeouts of {@code timeout} instead of 30 s (tests of slow relays). */
    SmtpPool(HeraldConfig.Smtp config, Duration timeout) {
        this.config = config;
        this.sockets = new SmtpSockets(timeout);
        this.session = Session.getInstance(properties(config, sockets, timeout));
        this.idle = new ArrayBlockingQueue<>(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            idle.add(new SmtpConnection(session, config));
        }
    }

    public int size() {
        return config.connections();
    }

    Session session() {
        return session;
    }

    HeraldConfig.Smtp config() {
        return config;
    }

    SmtpConnection acquire(Duration wait) {
        try {
            SmtpConnection c = closed ? null : idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new HeraldException("no SMTP connection to " + config.host() + ":" + config.port() + " became free within "
                        + wait.toSeconds() + " s (all " + config.connections() + " busy" + (closed ? ", pool closed" : "")
                        + "); raise HERALD_SMTP_CONNECTIONS or try again");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeraldException("interrupted while waiting for an SMTP connection", e);
        }
    }

    void release(SmtpConnection c) {
        if (closed) {
            c.close();
        } else {
            idle.add(c);
        }
    }

    private static Properties properties(HeraldConfig.Smtp config, SmtpSockets sockets, Duration timeout) {
        Properties p = new Properties();
        String millis = String.valueOf(timeout.toMillis());
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        if (config.tls() == HeraldConfig.Tls.TLS) {
            // Angus takes mail.smtp.socketFactory for the TLS socket itself when set, so implicit TLS keeps
            // Angus's own write timeout
            p.setProperty("mail.smtp.writetimeout", millis);
        } else {
            p.put("mail.smtp.socketFactory", sockets);
            p.setProperty("mail.smtp.socketFactory.fallback", "false");
        }
        p.setProperty("mail.smtp.quitwait", "false");
        p.setProperty("mail.smtp.auth", String.valueOf(config.user().isPresent()));
        switch (config.tls()) {
            case NONE -> {
            }
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        return p;
    }

    /** Closes idle connections now and busy ones when they are given back. */
    @Override
    public void close() {
        closed = true;
        sockets.close();
        SmtpConnection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
