package app.herald.bounce;

import app.herald.HeraldException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Herald's inbound SMTP server for the bounce domain: the domain's MX points here, and every
 * bounce, complaint and read receipt addressed to it is taken in by {@link Bounces}. Mail for any
 * other domain is refused (550 5.1.1), so it is no open relay or general mail server.
 */
public final class BounceListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BounceListener.class);
    /** Larger messages are refused with 552; a bounce with the whole original attached stays far below. */
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private final SMTPServer server;
    private final String address;

    private BounceListener(SMTPServer server, String address) {
        this.server = server;
        this.address = address;
    }

    /** Listens on {@code host:port} (0 picks a free port) for mail to {@code domain}. */
    public static BounceListener start(Bounces bounces, String domain, String host, int port) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new HeraldException("bounce.smtp.host '" + host + "' is not an address this machine has: " + e.getMessage());
        }
        SMTPServer server = SMTPServer.port(port)
                .bindAddress(bind)
                .hostName(domain)
                .softwareName("Herald bounce receiver")
                .maxMessageSize(MAX_MESSAGE_BYTES)
                .messageHandlerFactory(context -> new BounceHandler(bounces, domain, MAX_MESSAGE_BYTES))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new HeraldException("the bounce listener cannot listen on " + host + ":" + port + ": " + rootMessage(e)
                    + " (set bounce.smtp.host / bounce.smtp.port, HERALD_BOUNCE_SMTP_HOST / HERALD_BOUNCE_SMTP_PORT)", e);
        }
        BounceListener listener = new BounceListener(server, host + ":" + server.getPortAllocated());
        LOG.info("bounce listener on {} takes mail for {}", listener.address, domain);
        return listener;
    }

    /** The port actually listened on. */
    public int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
        LOG.info("bounce listener on {} stopped", address);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
