package app.herald.report;

import java.util.List;
import java.util.Objects;

/**
 * A campaign's numbers. Opens and clicks count every recorded hit of the campaign's recipients
 * (test sends excluded); the unique counts are recipients with at least one. Rates are per sent
 * message, rounded to 4 decimals, 0 while nothing is sent.
 */
public record CampaignReport(long campaignId, String name, String status,
                             long recipients, long sent, long failed,
                             long uniqueOpens, long opens, double openRate,
                             long uniqueClicks, long clicks, double clickRate,
                             long unsubscribes, List<LinkReport> links) {
    public CampaignReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        links = List.copyOf(Objects.requireNonNull(links, "links"));
    }

    /** One tracked URL: all its clicks and the number of recipients who clicked it. */
    public record LinkReport(int idx, String url, long clicks, long uniqueClicks) {
        public LinkReport {
            Objects.requireNonNull(url, "url");
        }
    }
}
