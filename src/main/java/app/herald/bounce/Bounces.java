package app.herald.bounce;

import app.herald.InvalidInputException;
import app.herald.tracelog.TrackingLog;
import app.herald.NotFoundException;
import app.herald.audience.Audience;
import app.herald.bounce.BounceStore.Row;
import app.herald.bounce.BounceStore.SentMessage;
import app.herald.bounce.RecipientStatus.Action;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounces, complaints and read receipts: the bounce feature's public face. Every report received
 * (by the SMTP listener or from a polled mailbox) is parsed, matched to the message it is about,
 * acted on (suppress, count, flag, confirm a read) and stored, one row per recipient it names.
 * Nothing is dropped: a report that matches no message, or cannot be parsed at all, is stored
 * with what is known for an admin to see.
 */
public final class Bounces {
    private static final Logger LOG = LoggerFactory.getLogger(Bounces.class);
    /** Longest raw report kept; bounces are small, a returned message beyond this is cut. */
    static final int MAX_RAW_BYTES = 1 << 20;
    public static final int MAX_PAGE = 1_000;

    private final BounceStore store;
    private final ReturnPath returnPath;
    private final BounceActions actions;
    private final BounceEvents events;

    /**
     * @param softLimit  this many soft bounces of a contact within {@code softWindow} suppress its address
     */
    public Bounces(Jdbi jdbi, Audience audience, ReturnPath returnPath, int softLimit, Duration softWindow) {
        this(jdbi, audience, returnPath, softLimit, softWindow, TrackingLog.disabled());
    }

    /** As above, writing a DSN event to {@code log} for every report about a message Herald sent. */
    public Bounces(Jdbi jdbi, Audience audience, ReturnPath returnPath, int softLimit, Duration softWindow, TrackingLog log) {
        this.events = new BounceEvents(log);
        this.store = new BounceStore(jdbi);
        this.returnPath = returnPath;
        this.actions = new BounceActions(store, audience, softLimit, softWindow);
    }

    public ReturnPath returnPath() {
        return returnPath;
    }

    /**
     * Takes one received report. {@code envelopeRecipients} are the addresses it was delivered to
     * (SMTP RCPT), which carry the VERP token; a polled mailbox passes none and the report's own
     * headers are used. Returns the ids of the stored rows. Throws only when the database fails;
     * then nothing may have been stored and the caller must keep the report to try again.
     */
    public List<Long> receive(byte[] raw, BounceSource source, List<String> envelopeRecipients) {
        byte[] kept = raw.length > MAX_RAW_BYTES ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
        Report report;
        try {
            report = BounceParser.parse(raw);
        } catch (MessagingException | IOException | RuntimeException e) {
            long id = store.insert(new Row(source, "unknown", kept, raw.length, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), "unparsed", "kept for an admin: the report cannot be parsed",
                    Optional.of("cannot parse the report: " + e), Optional.empty()));
            LOG.warn("bounce {} from {} cannot be parsed and is kept for an admin: {}", id, source.dbName(), e.getMessage());
            return List.of(id);
        }
        Original original = report.original().withReturnPaths(envelopeRecipients);
        Optional<SentMessage> message = match(original);
        List<Long> ids = new ArrayList<>();
        for (Row row : actions.apply(report, message, source, kept, raw.length)) {
            long id = store.insert(row);
            events.received(row);
            ids.add(id);
            LOG.info("bounce {} from {} ({}): {}, message {}: {}", id, source.dbName(), row.format(), row.classification(),
                    row.message().map(m -> Long.toString(m.id())).orElse("unmatched"), row.outcome());
        }
        return ids;
    }

    /**
     * A relay refused a message at send time with {@code reply} (5xx to RCPT or DATA): stored and
     * acted on like an asynchronous bounce with that status, so both follow one set of rules. Call
     * it only for refusals of the recipient or the message, never for MAIL FROM or connection
     * errors: a refused sender says nothing about the recipient. Returns the stored row's id.
     */
    public long onSynchronousFailure(long messageId, String reply) {
        Optional<SentMessage> message = store.message(messageId);
        RecipientStatus status = new RecipientStatus(message.map(SentMessage::email).orElse(""), Action.FAILED,
                BounceClassifier.enhancedCode(reply), Optional.of(reply), Optional.empty());
        Row row = actions.failure(status, message, BounceSource.RELAY, "smtp-reply", null, 0);
        long id = store.insert(row);
        LOG.info("relay refusal of message {} stored as bounce {}: {}: {}", messageId, id, row.classification(), row.outcome());
        return id;
    }

    /** A page of stored reports, newest first; with {@code unmatchedOnly} only those that matched no message. */
    public List<Bounce> list(boolean unmatchedOnly, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("bounce page offset=" + offset + " limit=" + limit
                    + " is out of range: offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        return store.list(unmatchedOnly, offset, limit);
    }

    public Bounce get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("bounce", id));
    }

    /** The report as received (at most {@value #MAX_RAW_BYTES} bytes). */
    public byte[] raw(long id) {
        return store.raw(id).orElseThrow(() -> new NotFoundException("raw report of bounce", id));
    }

    /** The message the report is about: by VERP token first, then the quoted X-Herald-Message, then Message-ID. */
    private Optional<SentMessage> match(Original original) {
        for (String address : original.returnPaths()) {
            OptionalLong id = returnPath.messageId(address);
            if (id.isPresent()) {
                Optional<SentMessage> m = store.message(id.getAsLong());
                if (m.isPresent()) {
                    return m;
                }
            }
        }
        Optional<SentMessage> byHeader = original.heraldMessage().flatMap(store::messageByNetworkId);
        if (byHeader.isPresent()) {
            return byHeader;
        }
        return original.messageId().flatMap(Bounces::networkId).flatMap(store::messageByNetworkId)
                .filter(m -> m.messageIdHeader() != null && m.messageIdHeader().equalsIgnoreCase(original.messageId().get()));
    }

    /** Herald's Message-IDs are {@code <network-message-id@from-domain>}. */
    private static Optional<UUID> networkId(String messageId) {
        String id = messageId.replaceAll("^<|>$", "");
        int at = id.indexOf('@');
        try {
            return Optional.of(UUID.fromString(at < 0 ? id : id.substring(0, at)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
