package app.herald.bounce;

import app.herald.store.Queries;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches bounces from a mailbox (IMAP or POP3, with or without TLS) at a fixed interval, for
 * setups where bounces land in an ordinary mailbox instead of Herald's own listener. Each message
 * is stored by {@link Bounces} and then deleted from the mailbox (expunged at the end of the
 * poll): the bounce table keeps it, and a mailbox that only grows would be read again and again.
 * A message whose storing fails stays for the next poll. With several Herald nodes only one polls
 * at a time (a PostgreSQL advisory lock), so no report is taken twice.
 */
public final class MailboxPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);
    private static final Queries SQL = Queries.of(MailboxPoller.class);
    /** The advisory lock key: "HRLDBNCE" as a number, chosen to collide with nothing else. */
    private static final long LOCK_KEY = 0x48524c44424e4345L;
    private static final int MAX_PER_POLL = 500;
    private static final String TIMEOUT_MILLIS = "30000";

    private final Bounces bounces;
    private final Jdbi jdbi;
    private final URI url;
    private final BounceSource source;
    private final Session session;
    private final ScheduledExecutorService timer;

    private MailboxPoller(Bounces bounces, Jdbi jdbi, URI url) {
        this.bounces = bounces;
        this.jdbi = jdbi;
        this.url = url;
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        this.source = scheme.startsWith("pop3") ? BounceSource.POP3 : BounceSource.IMAP;
        Properties p = new Properties();
        for (String protocol : List.of("imap", "imaps", "pop3", "pop3s")) {
            p.setProperty("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
            p.setProperty("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
            p.setProperty("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(p);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("herald-bounce-mailbox").daemon(true).unstarted(r));
    }

    /** Polls now and then every {@code interval}. */
    public static MailboxPoller start(Bounces bounces, Jdbi jdbi, URI url, Duration interval) {
        MailboxPoller poller = new MailboxPoller(bounces, jdbi, url);
        poller.timer.scheduleWithFixedDelay(poller::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("polling bounce mailbox {} every {} s", poller.where(), interval.toSeconds());
        return poller;
    }

    /** Poller that only polls when asked, for tests. */
    static MailboxPoller manual(Bounces bounces, Jdbi jdbi, URI url) {
        return new MailboxPoller(bounces, jdbi, url);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.warn("bounce mailbox {}: polling failed, trying again at the next interval: {}", where(), e.getMessage());
        }
    }

    /** One poll; returns how many messages were stored and deleted (0 when another node is polling). */
    int poll() throws MessagingException, IOException {
        // the lock belongs to the database session, so the handle is held for the whole poll
        try (Handle h = jdbi.open()) {
            if (!h.createQuery(SQL.get("try-lock")).bind("key", LOCK_KEY).mapTo(Boolean.class).one()) {
                return 0;
            }
            try {
                return fetch();
            } finally {
                h.createQuery(SQL.get("unlock")).bind("key", LOCK_KEY).mapTo(Boolean.class).one();
            }
        }
    }

    private int fetch() throws MessagingException, IOException {
        Store store = session.getStore(url.getScheme().toLowerCase(Locale.ROOT));
        String[] user = url.getRawUserInfo().split(":", 2);
        store.connect(url.getHost(), url.getPort(), decode(user[0]), user.length > 1 ? decode(user[1]) : "");
        int done = 0;
        try {
            Folder folder = store.getFolder(folderName());
            folder.open(Folder.READ_WRITE);
            try {
                Message[] messages = folder.getMessages(1, Math.min(folder.getMessageCount(), MAX_PER_POLL));
                for (Message m : messages) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    m.writeTo(raw);
                    bounces.receive(raw.toByteArray(), source, List.of());
                    m.setFlag(Flags.Flag.DELETED, true);
                    done++;
                }
            } finally {
                folder.close(true);
            }
        } finally {
            store.close();
        }
        if (done > 0) {
            LOG.info("bounce mailbox {}: {} messages stored and deleted", where(), done);
        }
        return done;
    }

    /** POP3 has only INBOX; for IMAP the URL's path names the folder. */
    private String folderName() {
        String path = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
        return source == BounceSource.POP3 || path.isEmpty() ? "INBOX" : path;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The mailbox without its credentials, for logs. */
    private String where() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + "/" + folderName();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
