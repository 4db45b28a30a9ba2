package app.herald.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A campaign's numbers. Opens and clicks count every recorded hit of the campaign's recipients
 * (test sends excluded); the unique counts are recipients with at least one. Rates are per sent
 * message, rounded to 4 decimals, 0 while nothing is sent. {@code human} counts only the hits judged
 * a person's, {@code machine} those judged a machine's (by kind); hits judged neither are in the
 * totals only. {@code clients} breaks the human opens down by mail client, device type and OS.
 * {@code anonymous}: the campaign keeps no per-person record, so its unique counts (and the rates
 * made from them) are not measured and read 0; opens and clicks are hits.
 */
public record CampaignReport(long campaignId, String name, String status,
                             long recipients, long sent, long failed,
                             long uniqueOpens, long opens, double openRate,
                             long uniqueClicks, long clicks, double clickRate,
                             long unsubscribes, List<LinkReport> links,
                             Human human, Machine machine, List<ClientOpens> clients, boolean anonymous) {
    public CampaignReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        links = List.copyOf(Objects.requireNonNull(links, "links"));
        Objects.requireNonNull(human, "human");
        Objects.requireNonNull(machine, "machine");
        clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
    }

    /** One tracked URL: all its clicks and the number of recipients who clicked it. */
    public record LinkReport(int idx, String url, long clicks, long uniqueClicks) {
        public LinkReport {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Opens and clicks judged a person's; rates per sent message like the totals'. */
    public record Human(long uniqueOpens, long opens, double openRate, long uniqueClicks, long clicks, double clickRate) {
    }

    /** Opens and clicks judged a machine's, in all and per machine kind (every kind present, zeros included). */
    public record Machine(long opens, long clicks, Map<String, KindCount> byKind) {
        public Machine {
            byKind = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byKind, "byKind")));
        }
    }

    public record KindCount(long opens, long clicks) {
    }

    /** Human opens read with one mail client on one device type and operating system. */
    public record ClientOpens(String client, String device, String os, long opens) {
        public ClientOpens {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(os, "os");
        }
    }
}
