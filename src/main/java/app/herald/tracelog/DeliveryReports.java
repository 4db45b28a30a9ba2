package app.herald.tracelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery reports from the message tracking log: the messages sent to or from an address, per
 * recipient a status and its path. Admins see every message; a user sees only messages of the
 * campaigns they own, decided through the database: the log's internal-message-id is Herald's
 * message number, and the message row knows its campaign.
 *
 * <p>Two passes: the address's records (through the index) name the messages, then every record
 * of the chosen messages is read by network-message-id (or message-id), so events that do not
 * carry the address (a relay's reply for several recipients, an open) still appear.
 */
public final class DeliveryReports {
    /** Records read in the first pass per message asked for; a message has a handful of events. */
    private static final int RECORDS_PER_MESSAGE = 20;

    /** Who is asking. */
    public sealed interface Viewer {
        record Admin() implements Viewer {
        }

        record Owner(long userId) implements Viewer {
        }

        static Viewer admin() {
            return new Admin();
        }

        static Viewer owner(long userId) {
            return new Owner(userId);
        }
    }

    /** Which of Herald's message numbers belong to campaigns a user owns. */
    @FunctionalInterface
    public interface Ownership {
        Set<Long> owned(long userId, List<Long> messageIds);
    }

    private final LogSearch search;
    private final Ownership ownership;

    public DeliveryReports(LogSearch search, Ownership ownership) {
        this.search = Objects.requireNonNull(search, "search");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    /** At most {@code limit} messages ({@link SearchQuery#UNLIMITED} for all), earliest first. */
    public DeliveryReport report(String address, Viewer viewer, int limit) {
        String who = IndexKey.normalize(RecordField.SENDER_ADDRESS, address);
        int firstPass = limit == SearchQuery.UNLIMITED ? limit : (int) Math.min(Integer.MAX_VALUE - 1L, (long) limit * RECORDS_PER_MESSAGE);
        SearchResult sent = search.search(new Criteria(Map.of(RecordField.SENDER_ADDRESS, Set.of(who)), Set.of(), Set.of(),
                Long.MIN_VALUE, Long.MAX_VALUE, Optional.empty()), firstPass);
        SearchResult received = search.search(new Criteria(Map.of(), Set.of(who), Set.of(), Long.MIN_VALUE, Long.MAX_VALUE,
                Optional.empty()), firstPass);
        Map<MessageKey, Instant> firstSeen = new LinkedHashMap<>();
        Map<MessageKey, Set<Long>> internalIds = new LinkedHashMap<>();
        for (SearchResult r : List.of(sent, received)) {
            for (LogRecord rec : r.records()) {
                MessageKey key = MessageKey.of(rec);
                if (key.id().isEmpty()) {
                    continue; // no id to follow the message by (e.g. a mailbox notification)
                }
                firstSeen.merge(key, rec.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
                internalId(rec).ifPresent(id -> internalIds.computeIfAbsent(key, k -> new HashSet<>()).add(id));
            }
        }
        List<MessageKey> keys = new ArrayList<>(firstSeen.keySet());
        if (viewer instanceof Viewer.Owner owner) {
            Set<Long> visible = visibleMessages(owner.userId(), internalIds);
            keys.removeIf(k -> internalIds.getOrDefault(k, Set.of()).stream().noneMatch(visible::contains));
        }
        keys.sort(Comparator.comparing(firstSeen::get));
        boolean more = sent.moreAvailable() || received.moreAvailable() || keys.size() > limit;
        List<MessageKey> chosen = keys.subList(0, Math.min(keys.size(), limit));
        List<DeliveryReport.Message> messages = MessagePaths.build(who, chosen, recordsOf(chosen));
        return new DeliveryReport(address.strip(), messages, more, sent.malformed());
    }

    private Map<MessageKey, List<LogRecord>> recordsOf(List<MessageKey> keys) {
        Map<MessageKey, List<LogRecord>> byKey = new LinkedHashMap<>();
        keys.forEach(k -> byKey.put(k, new ArrayList<>()));
        for (RecordField field : List.of(RecordField.NETWORK_MESSAGE_ID, RecordField.MESSAGE_ID)) {
            Set<String> ids = new HashSet<>();
            keys.stream().filter(k -> k.field() == field).forEach(k -> ids.add(k.id()));
            if (ids.isEmpty()) {
                continue;
            }
            for (LogRecord r : search.search(Criteria.anyOf(field, ids), SearchQuery.UNLIMITED).records()) {
                List<LogRecord> list = byKey.get(MessageKey.of(r));
                if (list != null) {
                    list.add(r);
                }
            }
        }
        return byKey;
    }

    private Set<Long> visibleMessages(long userId, Map<MessageKey, Set<Long>> internalIds) {
        List<Long> ids = internalIds.values().stream().flatMap(Set::stream).distinct().toList();
        return ids.isEmpty() ? Set.of() : ownership.owned(userId, ids);
    }

    private static Optional<Long> internalId(LogRecord r) {
        try {
            return Optional.of(Long.parseLong(r.get(RecordField.INTERNAL_MESSAGE_ID).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How the log identifies a message: its network-message-id when the file has one, else its message-id. */
    record MessageKey(RecordField field, String id) {
        static MessageKey of(LogRecord r) {
            String network = r.get(RecordField.NETWORK_MESSAGE_ID);
            if (!network.isBlank()) {
                return new MessageKey(RecordField.NETWORK_MESSAGE_ID, IndexKey.normalize(RecordField.NETWORK_MESSAGE_ID, network));
            }
            return new MessageKey(RecordField.MESSAGE_ID, IndexKey.normalize(RecordField.MESSAGE_ID, r.get(RecordField.MESSAGE_ID)));
        }
    }
}
