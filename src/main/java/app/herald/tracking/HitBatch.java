package app.herald.tracking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hits of one write, aggregated per message, per (message, link), per campaign and per minute so
 * that each table gets one row change per key however many hits a batch holds. First opens and
 * first clicks are decided by the database (the message row after the update), never by this
 * batch alone, so the counts stay exact across batches and nodes.
 */
final class HitBatch {
    /** Counter changes of one message. Times are null when the batch holds no hit of that kind. */
    record MessageDelta(long messageId, int opens, Instant firstOpen, Instant lastOpen,
                        int clicks, Instant firstClick, Instant lastClick) {
    }

    /** How the update left a message: its campaign, whether it counts, and which firsts it saw. */
    record UpdatedMessage(long messageId, long campaignId, boolean counted, boolean firstOpen, boolean firstClick) {
    }

    record MessageLink(long messageId, int idx) {
    }

    record CampaignDelta(long campaignId, long opens, long uniqueOpens, long clicks, long uniqueClicks) {
    }

    record LinkDelta(long campaignId, int idx, long clicks, long uniqueClicks) {
    }

    record MinuteDelta(long campaignId, Instant minute, long opens, long clicks) {
    }

    private final List<Hit> hits;
    private final Map<Long, MessageDelta> messages = new LinkedHashMap<>();
    private final Map<MessageLink, Integer> linkClicks = new LinkedHashMap<>();

    HitBatch(List<Hit> hits) {
        this.hits = List.copyOf(hits);
        for (Hit hit : this.hits) {
            messages.merge(hit.messageId(), delta(hit), HitBatch::combine);
            if (hit.kind() == Hit.Kind.CLICK) {
                linkClicks.merge(new MessageLink(hit.messageId(), hit.linkIdx()), 1, Integer::sum);
            }
        }
    }

    List<Hit> hits() {
        return hits;
    }

    Collection<MessageDelta> messageDeltas() {
        return messages.values();
    }

    /** The distinct (message, link) pairs clicked in this batch by messages that count. */
    List<MessageLink> clickedLinks(Map<Long, UpdatedMessage> updated) {
        return linkClicks.keySet().stream().filter(l -> counts(updated, l.messageId())).toList();
    }

    List<CampaignDelta> campaignDeltas(Map<Long, UpdatedMessage> updated) {
        Map<Long, long[]> byCampaign = new LinkedHashMap<>();
        for (MessageDelta d : messages.values()) {
            UpdatedMessage m = updated.get(d.messageId());
            if (m == null || !m.counted()) {
                continue;
            }
            long[] c = byCampaign.computeIfAbsent(m.campaignId(), k -> new long[4]);
            c[0] += d.opens();
            c[1] += m.firstOpen() ? 1 : 0;
            c[2] += d.clicks();
            c[3] += m.firstClick() ? 1 : 0;
        }
        List<CampaignDelta> out = new ArrayList<>();
        byCampaign.forEach((id, c) -> out.add(new CampaignDelta(id, c[0], c[1], c[2], c[3])));
        return out;
    }

    /** Per link: all clicks of counted messages, and the pairs the database saw for the first time. */
    List<LinkDelta> linkDeltas(Map<Long, UpdatedMessage> updated, Set<MessageLink> firstClicks) {
        record Key(long campaignId, int idx) {
        }
        Map<Key, long[]> byLink = new LinkedHashMap<>();
        linkClicks.forEach((link, clicks) -> {
            if (!counts(updated, link.messageId())) {
                return;
            }
            Key key = new Key(updated.get(link.messageId()).campaignId(), link.idx());
            long[] c = byLink.computeIfAbsent(key, k -> new long[2]);
            c[0] += clicks;
            c[1] += firstClicks.contains(link) ? 1 : 0;
        });
        List<LinkDelta> out = new ArrayList<>();
        byLink.forEach((k, c) -> out.add(new LinkDelta(k.campaignId(), k.idx(), c[0], c[1])));
        return out;
    }

    List<MinuteDelta> minuteDeltas(Map<Long, UpdatedMessage> updated) {
        record Key(long campaignId, Instant minute) {
        }
        Map<Key, long[]> byMinute = new HashMap<>();
        for (Hit hit : hits) {
            if (!counts(updated, hit.messageId())) {
                continue;
            }
            Key key = new Key(updated.get(hit.messageId()).campaignId(), hit.at().truncatedTo(ChronoUnit.MINUTES));
            byMinute.computeIfAbsent(key, k -> new long[2])[hit.kind() == Hit.Kind.OPEN ? 0 : 1]++;
        }
        List<MinuteDelta> out = new ArrayList<>();
        byMinute.forEach((k, c) -> out.add(new MinuteDelta(k.campaignId(), k.minute(), c[0], c[1])));
        return out;
    }

    private static boolean counts(Map<Long, UpdatedMessage> updated, long messageId) {
        UpdatedMessage m = updated.get(messageId);
        return m != null && m.counted();
    }

    private static MessageDelta delta(Hit hit) {
        return hit.kind() == Hit.Kind.OPEN
                ? new MessageDelta(hit.messageId(), 1, hit.at(), hit.at(), 0, null, null)
                : new MessageDelta(hit.messageId(), 0, null, null, 1, hit.at(), hit.at());
    }

    private static MessageDelta combine(MessageDelta a, MessageDelta b) {
        return new MessageDelta(a.messageId(), a.opens() + b.opens(), min(a.firstOpen(), b.firstOpen()), max(a.lastOpen(), b.lastOpen()),
                a.clicks() + b.clicks(), min(a.firstClick(), b.firstClick()), max(a.lastClick(), b.lastClick()));
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
