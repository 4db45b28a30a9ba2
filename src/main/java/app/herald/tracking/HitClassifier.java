package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.store.Queries;
import app.herald.tracking.HitHistory.Prior;
import app.herald.tracking.MachineRules.Decision;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;

/**
 * Judges each hit of a batch human, machine or unknown inside the writer's transaction: locks the
 * batch's messages, reads what the rules need (send time, link count, first open, the latest hits of
 * the last {@link MachineRules#HISTORY_WINDOW}, unless {@link HitHistories} holds them already), then judges the hits in time order so that each sees those
 * before it, in this batch or an earlier one. The rules are {@link MachineRules}; the known networks,
 * agents and clients are data files read once.
 */
final class HitClassifier {
    private static final Queries SQL = Queries.of(HitClassifier.class);

    /**
     * A hit with its verdict, the evidence, for a human open the client that displayed it (else
     * {@link MailClient#NONE}), and its address as stored (reduced as tracking.ip_storage says; null for none).
     */
    record Classified(Hit hit, Verdict verdict, Evidence evidence, MailClient client, String storedIp) {
        Classified {
            Objects.requireNonNull(hit, "hit");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(client, "client");
        }
    }

    /** The data files, parsed once per process: uap-java's rules alone take a few hundred milliseconds. */
    private static final class Standard {
        static final HitClassifier INSTANCE = new HitClassifier(MachineNetworks.load(), MachineAgents.load(), MailClients.load());
    }

    private final MachineNetworks networks;
    private final MachineAgents agents;
    private final MailClients clients;

    HitClassifier(MachineNetworks networks, MachineAgents agents, MailClients clients) {
        this.networks = networks;
        this.agents = agents;
        this.clients = clients;
    }

    static HitClassifier standard() {
        return Standard.INSTANCE;
    }

    /**
     * The batch's hits judged, in the order given. Must run in the transaction that writes them;
     * {@code known} keeps the histories between batches (the caller commits or discards them with
     * the transaction). {@code storage} is how addresses are stored: earlier hits are compared in that form.
     */
    List<Classified> classify(Handle h, List<Hit> hits, HitHistories known, IpStorage storage) {
        Map<Long, HitHistory> histories = histories(h, hits, known);
        Classified[] out = new Classified[hits.size()];
        for (int i : timeOrder(hits)) {
            out[i] = judge(hits.get(i), histories.get(hits.get(i).messageId()), storage);
        }
        return List.of(out);
    }

    /** The hits' positions in time order, ties in the order given; a batch comes off the journal nearly always in that order already. */
    private static int[] timeOrder(List<Hit> hits) {
        int[] order = IntStream.range(0, hits.size()).toArray();
        for (int i = 1; i < hits.size(); i++) {
            if (hits.get(i).at().isBefore(hits.get(i - 1).at())) {
                return IntStream.range(0, hits.size()).boxed()
                        .sorted(Comparator.comparing(j -> hits.get(j).at()))
                        .mapToInt(Integer::intValue).toArray();
            }
        }
        return order;
    }

    /**
     * Judges one hit against its message's history and adds it there. A null history (the message no
     * longer exists; the writer drops such hits) judges the hit on the request alone.
     */
    Classified judge(Hit hit, HitHistory history) {
        return judge(hit, history, IpStorage.FULL);
    }

    /** As above; the hit's address is compared with earlier ones as {@code storage} keeps it (the network rules see it whole). */
    Classified judge(Hit hit, HitHistory history, IpStorage storage) {
        String storedIp = storage.reduce(hit.ip());
        HitHistory known = history != null ? history : new HitHistory(0, null, null, 0);
        MailClients.Reading reading = clients.read(hit.userAgent());
        Optional<Fetcher> agent = agents.find(hit.userAgent());
        Optional<Fetcher> network = networks.find(hit.ip());
        boolean click = hit.kind() == Hit.Kind.CLICK;
        Signals s = new Signals(hit.kind(), hit.method(), hit.userAgent() != null && !hit.userAgent().isBlank(), agent, reading,
                network, known.secondsAfterSend(hit.at()), click ? known.burstLinks(hit, MachineRules.BURST_WINDOW) : 0,
                MachineRules.burstThreshold(known.campaignLinks()), click ? known.burstLinks(hit, MachineRules.RAPID_WINDOW) : 0,
                click && known.noOpenBefore(hit.at()), known.repeats(hit),
                known.machineFromSameSource(storedIp, hit.userAgent()));
        Decision d = MachineRules.decide(s);
        Evidence evidence = new Evidence(hit.method().name(), s.secondsAfterSend().orElse(null),
                agent.map(Fetcher::name).orElse(reading.family()), network.map(Fetcher::name).orElse(null),
                click ? s.burstLinks() : null, click ? s.clickBeforeOpen() : null, s.repeats(), d.rule(), null, null, null);
        MailClient client = d.verdict() instanceof Verdict.Human && !click ? reading.client() : MailClient.NONE;
        if (client != MailClient.NONE) {
            evidence = evidence.withClient(client);
        }
        known.add(new Prior(hit.kind(), hit.storedLinkIdx(), hit.at(), storedIp, hit.userAgent(), d.verdict()));
        return new Classified(hit, d.verdict(), evidence, client, storedIp);
    }

    /** What a locked message row says: its history's fixed part and how many hits it has counted. */
    private record Locked(long id, long campaignId, Instant sentAt, Instant firstOpenAt, long links, long hits) {
    }

    /**
     * Locks the batch's messages and gives each its history: the kept one when it is current, else
     * one read from the database. Each is staged in {@code known} with the hit count it will have
     * once this batch is written.
     */
    private static Map<Long, HitHistory> histories(Handle h, List<Hit> hits, HitHistories known) {
        Map<Long, Integer> batchHits = new HashMap<>();
        hits.forEach(hit -> batchHits.merge(hit.messageId(), 1, Integer::sum));
        List<Long> ids = batchHits.keySet().stream().sorted().toList();
        List<Locked> rows = h.createQuery(SQL.get("lock-messages"))
                .bind("ids", SqlArrays.int8(ids))
                .map((rs, ctx) -> new Locked(rs.getLong("id"), rs.getLong("campaign_id"), instant(rs.getObject("sent_at", OffsetDateTime.class)),
                        instant(rs.getObject("first_open_at", OffsetDateTime.class)), rs.getLong("links"), rs.getLong("hits")))
                .list();
        Map<Long, HitHistory> histories = new HashMap<>();
        List<Long> unknown = new ArrayList<>();
        for (Locked row : rows) {
            HitHistory history = known.find(row.id(), row.hits(), row.sentAt());
            if (history == null) {
                history = new HitHistory(row.campaignId(), row.sentAt(), row.firstOpenAt(), row.links());
                unknown.add(row.id());
            }
            histories.put(row.id(), history);
            known.stage(row.id(), history, row.hits() + batchHits.get(row.id()));
        }
        if (!unknown.isEmpty()) {
            Instant since = hits.stream().map(Hit::at).min(Comparator.naturalOrder()).orElseThrow().minus(MachineRules.HISTORY_WINDOW);
            h.createQuery(SQL.get("recent-hits"))
                    .bind("ids", SqlArrays.int8(unknown))
                    .bind("since", since.toString())
                    .bind("max_priors", HitHistory.MAX_PRIORS)
                    .map((rs, ctx) -> Map.entry(rs.getLong("message_id"), new Prior(
                            "open".equals(rs.getString("kind")) ? Hit.Kind.OPEN : Hit.Kind.CLICK, (Integer) rs.getObject("link_idx"),
                            instant(rs.getObject("occurred_at", OffsetDateTime.class)), rs.getString("ip"), rs.getString("user_agent"),
                            verdict(rs.getString("verdict"), rs.getString("machine_kind")))))
                    .forEach(e -> histories.get(e.getKey()).add(e.getValue()));
        }
        return histories;
    }

    static Verdict verdict(String verdict, String machineKind) {
        return switch (verdict) {
            case "human" -> Verdict.HUMAN;
            case "machine" -> MachineKind.find(machineKind).<Verdict>map(Verdict::machine).orElse(Verdict.UNKNOWN);
            default -> Verdict.UNKNOWN;
        };
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
