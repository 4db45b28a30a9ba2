package app.herald.tracking;

import app.herald.tracking.HitClassifier.Classified;
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
 * The judged hits of one write, aggregated per message, per (message, link), per campaign and per
 * minute so that each table gets one row change per key however many hits a batch holds. First
 * opens and first clicks (all and human) are decided by the database (the message row after the
 * update), never by this batch alone, so the counts stay exact across batches and nodes.
 */
final class HitBatch {
    /** Counter changes of one message. Times are null when the batch holds no hit of that kind. */
    record MessageDelta(long messageId, int opens, Instant firstOpen, Instant lastOpen,
                        int clicks, Instant firstClick, Instant lastClick,
                        int humanOpens, Instant firstHumanOpen, int humanClicks, Instant firstHumanClick) {
    }

    /** How the update left a message: its campaign, whether it counts, and which firsts (all, human) it saw. */
    record UpdatedMessage(long messageId, long campaignId, boolean counted, boolean firstOpen, boolean firstClick,
                          boolean firstHumanOpen, boolean firstHumanClick) {
    }

    record MessageLink(long messageId, int idx) {
    }

    record CampaignDelta(long campaignId, long opens, long uniqueOpens, long clicks, long uniqueClicks,
                         long humanOpens, long humanUniqueOpens, long humanClicks, long humanUniqueClicks,
                         long machineOpens, long machineClicks) {
    }

    record MachineDelta(long campaignId, String kind, long opens, long clicks) {
    }

    record ClientDelta(long campaignId, MailClient client, long opens) {
    }

    record LinkDelta(long campaignId, int idx, long clicks, long uniqueClicks) {
    }

    record MinuteDelta(long campaignId, Instant minute, long opens, long clicks) {
    }

    private final List<Classified> hits;
    private final Map<Long, MessageDelta> messages = new LinkedHashMap<>();
    private final Map<MessageLink, Integer> linkClicks = new LinkedHashMap<>();

    HitBatch(List<Classified> hits) {
        this.hits = List.copyOf(hits);
        for (Classified c : this.hits) {
            Hit hit = c.hit();
            messages.merge(hit.messageId(), delta(c), HitBatch::combine);
            if (hit.kind() == Hit.Kind.CLICK) {
                linkClicks.merge(new MessageLink(hit.messageId(), hit.linkIdx()), 1, Integer::sum);
            }
        }
    }

    List<Classified> hits() {
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
            long[] c = byCampaign.computeIfAbsent(m.campaignId(), k -> new long[10]);
            c[0] += d.opens();
            c[1] += m.firstOpen() ? 1 : 0;
            c[2] += d.clicks();
            c[3] += m.firstClick() ? 1 : 0;
            c[4] += d.humanOpens();
            c[5] += m.firstHumanOpen() ? 1 : 0;
            c[6] += d.humanClicks();
            c[7] += m.firstHumanClick() ? 1 : 0;
        }
        for (Classified c : hits) {
            if (c.verdict() instanceof Verdict.Machine && counts(updated, c.hit().messageId())) {
                byCampaign.get(updated.get(c.hit().messageId()).campaignId())[c.hit().kind() == Hit.Kind.OPEN ? 8 : 9]++;
            }
        }
        List<CampaignDelta> out = new ArrayList<>();
        byCampaign.forEach((id, c) -> out.add(new CampaignDelta(id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])));
        return out;
    }

    /** Machine opens and clicks of counted messages per campaign and kind. */
    List<MachineDelta> machineDeltas(Map<Long, UpdatedMessage> updated) {
        record Key(long campaignId, String kind) {
        }
        Map<Key, long[]> byKind = new LinkedHashMap<>();
        for (Classified c : hits) {
            if (c.verdict() instanceof Verdict.Machine m && counts(updated, c.hit().messageId())) {
                Key key = new Key(updated.get(c.hit().messageId()).campaignId(), m.kind().sqlName);
                byKind.computeIfAbsent(key, k -> new long[2])[c.hit().kind() == Hit.Kind.OPEN ? 0 : 1]++;
            }
        }
        List<MachineDelta> out = new ArrayList<>();
        byKind.forEach((k, c) -> out.add(new MachineDelta(k.campaignId(), k.kind(), c[0], c[1])));
        return out;
    }

    /** Human opens of counted messages per campaign and client. */
    List<ClientDelta> clientDeltas(Map<Long, UpdatedMessage> updated) {
        record Key(long campaignId, MailClient client) {
        }
        Map<Key, Long> byClient = new LinkedHashMap<>();
        for (Classified c : hits) {
            if (c.verdict() instanceof Verdict.Human && c.hit().kind() == Hit.Kind.OPEN && counts(updated, c.hit().messageId())) {
                byClient.merge(new Key(updated.get(c.hit().messageId()).campaignId(), c.client()), 1L, Long::sum);
            }
        }
        List<ClientDelta> out = new ArrayList<>();
        byClient.forEach((k, n) -> out.add(new ClientDelta(k.campaignId(), k.client(), n)));
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
        for (Classified c : hits) {
            Hit hit = c.hit();
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

    private static MessageDelta delta(Classified c) {
        Hit hit = c.hit();
        Instant human = c.verdict() instanceof Verdict.Human ? hit.at() : null;
        int humans = human == null ? 0 : 1;
        return hit.kind() == Hit.Kind.OPEN
                ? new MessageDelta(hit.messageId(), 1, hit.at(), hit.at(), 0, null, null, humans, human, 0, null)
                : new MessageDelta(hit.messageId(), 0, null, null, 1, hit.at(), hit.at(), 0, null, humans, human);
    }

    private static MessageDelta combine(MessageDelta a, MessageDelta b) {
        return new MessageDelta(a.messageId(), a.opens() + b.opens(), min(a.firstOpen(), b.firstOpen()), max(a.lastOpen(), b.lastOpen()),
                a.clicks() + b.clicks(), min(a.firstClick(), b.firstClick()), max(a.lastClick(), b.lastClick()),
                a.humanOpens() + b.humanOpens(), min(a.firstHumanOpen(), b.firstHumanOpen()),
                a.humanClicks() + b.humanClicks(), min(a.firstHumanClick(), b.firstHumanClick()));
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
