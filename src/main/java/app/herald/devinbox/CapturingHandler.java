package app.herald.devinbox;

import app.herald.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One SMTP transaction: accepts every sender and recipient and stores the message before the
 * server answers 250, so an accepted message is never lost.
 */
final class CapturingHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CapturingHandler.class);

    private final InboxStore store;
    private final int maxBytes;
    private final DeliverEvents events;
    private final MessageContext context;
    private String from = "";
    private final List<String> recipients = new ArrayList<>();

    CapturingHandler(InboxStore store, int maxBytes, DeliverEvents events, MessageContext context) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.events = events;
        this.context = context;
    }

    @Override
    public void from(String from) {
        this.from = from == null ? "" : from;
    }

    @Override
    public void recipient(String recipient) {
        recipients.add(recipient);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        byte[] raw = Streams.readAtMost(data, maxBytes);
        if (raw == null) {
            throw new RejectException(552, "5.3.4 Message size exceeds fixed limit of " + maxBytes + " bytes");
        }
        long id;
        Optional<String> subject = MimeParser.subjectOf(raw);
        try {
            id = store.insert(from, recipients, subject, raw);
        } catch (RuntimeException e) {
            // A temporary failure: the sender keeps the message and may retry, as with any busy server.
            LOG.warn("dev inbox cannot store a {}-byte message: {}", raw.length, e.getMessage());
            throw new RejectException(451, "4.3.0 the dev inbox cannot store the message right now; try again later");
        }
        String reply = "Ok: captured by the Herald dev inbox as message " + id;
        events.delivered(id, from, recipients, subject, raw, context.getRemoteAddress(), context.getHelo(), "250 " + reply);
        return reply;
    }

    @Override
    public void done() {
    }
}
