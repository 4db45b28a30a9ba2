package app.herald.devinbox;

import app.herald.HeraldException;
import app.herald.tracelog.TrackingLog;
import java.net.InetAddress;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The built-in development inbox: an SMTP server on 127.0.0.1 that accepts every message and keeps
 * it in the database, so that {@code herald demo} can show what recipients would see without a real
 * mail server. It listens on loopback only; it is not a mail server for anyone else.
 */
public final class DevInbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevInbox.class);

    /** Larger messages are rejected with 552; campaign mail is far smaller. */
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private final SMTPServer server;
    private final InboxStore store;
    private final int port;

    private DevInbox(SMTPServer server, InboxStore store) {
        this.server = server;
        this.store = store;
        this.port = server.getPortAllocated();
    }

    /**
     * Starts listening on 127.0.0.1 at {@code port}; 0 picks a free port (see {@link #port()}). Each
     * captured message is logged as a DELIVER event in {@code log}.
     */
    public static DevInbox start(Jdbi jdbi, int port, TrackingLog log) {
        InboxStore store = new InboxStore(jdbi);
        DeliverEvents events = new DeliverEvents(log);
        SMTPServer server = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName(DeliverEvents.HOST)
                .softwareName("Herald dev inbox")
                .maxMessageSize(MAX_MESSAGE_BYTES)
                .messageHandlerFactory(context -> new CapturingHandler(store, MAX_MESSAGE_BYTES, events, context))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new HeraldException("the dev inbox cannot listen on 127.0.0.1:" + port + ": " + rootMessage(e)
                    + " (choose another port with dev_inbox.port / HERALD_DEV_INBOX_PORT; 0 picks a free one)", e);
        }
        DevInbox inbox = new DevInbox(server, store);
        LOG.info("dev inbox listening on 127.0.0.1:{}; every message sent there is captured, none is delivered", inbox.port());
        return inbox;
    }

    /** The port actually listened on. */
    public int port() {
        return port;
    }

    /** The newest captured messages first; {@code limit} is 1 to 1000. */
    public List<InboxMessage> latest(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
        return store.latest(limit);
    }

    /** @throws app.herald.NotFoundException when no message has this id */
    public InboxMessage get(long id) {
        return store.get(id);
    }

    /** The message exactly as received (after SMTP dot-unstuffing). */
    public byte[] raw(long id) {
        return store.raw(id);
    }

    /** The message parsed for display. */
    public RenderedMail render(long id) {
        return MimeParser.render(id, store.raw(id));
    }

    /** Deletes every captured message; returns how many there were. */
    public int clear() {
        return store.deleteAll();
    }

    @Override
    public void close() {
        server.stop();
        LOG.info("dev inbox on 127.0.0.1:{} stopped", port());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
