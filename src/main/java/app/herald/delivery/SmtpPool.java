package app.herald.delivery;

import app.herald.HeraldException;
import app.herald.config.HeraldConfig;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * A fixed number ({@code smtp.connections}) of long-lived connections to one relay. Send workers
 * and test sends borrow one at a time; a borrowed connection is used by one thread only. A thread
 * gets back the connection it used last when that one is free, so that a send worker keeps its
 * own: the next message's envelope may already be on it ({@link SmtpConnection.Following}).
 */
public final class SmtpPool implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HeraldConfig.Smtp config;
    private final SmtpSockets sockets;
    private final BlockingQueue<SmtpConnection> idle;
    private final ThreadLocal<SmtpConnection> lastBorrowed = new ThreadLocal<>();
    private volatile boolean closed;

    /** Trusting the JVM's certificate authorities for TLS. */
    public SmtpPool(HeraldConfig.Smtp config) {
        this(config, TIMEOUT);
    }

    /** With connect, read and write timeouts of {@code timeout} instead of 30 s (tests of slow relays). */
    SmtpPool(HeraldConfig.Smtp config, Duration timeout) {
        this(config, timeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With the given TLS socket factory: its trust decides which server certificates are accepted. */
    SmtpPool(HeraldConfig.Smtp config, SSLSocketFactory tls) {
        this(config, TIMEOUT, tls);
    }

    private SmtpPool(HeraldConfig.Smtp config, Duration timeout, SSLSocketFactory tls) {
        this.config = config;
        this.sockets = new SmtpSockets(timeout);
        this.idle = new ArrayBlockingQueue<>(config.connections());
        SmtpSession.Opener opener = () -> SmtpSession.open(config, sockets, tls);
        for (int i = 0; i < config.connections(); i++) {
            idle.add(new SmtpConnection(config, opener, timeout));
        }
    }

    public int size() {
        return config.connections();
    }

    HeraldConfig.Smtp config() {
        return config;
    }

    SmtpConnection acquire(Duration wait) {
        try {
            SmtpConnection mine = lastBorrowed.get();
            SmtpConnection c = closed ? null
                    : mine != null && idle.remove(mine) ? mine : idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new HeraldException("no SMTP connection to " + config.host() + ":" + config.port() + " became free within "
                        + wait.toSeconds() + " s (all " + config.connections() + " busy" + (closed ? ", pool closed" : "")
                        + "); raise HERALD_SMTP_CONNECTIONS or try again");
            }
            lastBorrowed.set(c);
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
