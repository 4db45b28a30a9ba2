package app.herald.bounce;

import app.herald.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One SMTP transaction of the bounce listener. Bounces come from the null sender, so any sender is
 * taken; recipients must be at the bounce domain. The report is stored before the 250 reply, so an
 * accepted bounce is never lost; when the database fails the sender gets a 451 and tries again.
 */
final class BounceHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BounceHandler.class);

    private final Bounces bounces;
    private final String domain;
    private final int maxBytes;
    private final List<String> recipients = new ArrayList<>();

    BounceHandler(Bounces bounces, String domain, int maxBytes) {
        this.bounces = bounces;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.maxBytes = maxBytes;
    }

    @Override
    public void from(String from) {
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        int at = recipient.lastIndexOf('@');
        if (at < 0 || !recipient.substring(at + 1).toLowerCase(Locale.ROOT).equals(domain)) {
            throw new RejectException(550, "5.1.1 <" + recipient + ">: this server takes mail for " + domain + " only");
        }
        recipients.add(recipient);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        byte[] raw = Streams.readAtMost(data, maxBytes);
        if (raw == null) {
            throw new RejectException(552, "5.3.4 Message size exceeds fixed limit of " + maxBytes + " bytes");
        }
        List<Long> ids;
        try {
            ids = bounces.receive(raw, BounceSource.SMTP, List.copyOf(recipients));
        } catch (RuntimeException e) {
            LOG.warn("cannot store a {}-byte bounce, the sender is told to retry: {}", raw.length, e.getMessage());
            throw new RejectException(451, "4.3.0 cannot store the report right now; try again later");
        }
        return "Ok: stored as bounce " + ids.get(0);
    }

    @Override
    public void done() {
    }
}
