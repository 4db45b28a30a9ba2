package app.herald.demo;

import app.herald.Herald;
import app.herald.HeraldException;
import app.herald.audience.Audience;
import app.herald.audience.ImportResult;
import app.herald.audience.ImportProgress;
import app.herald.campaign.Campaign;
import app.herald.campaign.CampaignDraft;
import app.herald.campaign.CampaignStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The sample audience and campaign of {@code herald demo}. They go through the same public APIs
 * as a user's own data (CSV import, campaign creation, sending), so the demo exercises the real
 * pipeline end to end; the addresses are on the reserved example.com/.net/.org domains.
 */
public final class DemoData {
    static final String LIST_NAME = "Demo customers";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    public record Loaded(long listId, ImportResult imported, long campaignId) {
    }

    private DemoData() {
    }

    /** Imports the sample customers, creates a sample campaign to them, and starts sending it. */
    public static Loaded loadAndSend(Herald herald) {
        Audience audience = new Audience(herald.database().jdbi());
        long listId = audience.findListByName(LIST_NAME).map(l -> l.id()).orElseGet(() -> audience.createList(LIST_NAME));
        ImportResult imported;
        try (InputStream csv = resource("customers.csv")) {
            imported = audience.importCsv(listId, csv, ImportProgress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String html = new String(readAll("campaign.html"), StandardCharsets.UTF_8);
        CampaignDraft draft = new CampaignDraft("Demo: spring offer (" + STAMP.format(Instant.now()) + " UTC)",
                "{{default first_name \"Hello\"}}, three things for your next order", "Mei Chen (Example Trading)",
                "sales@example.com", Optional.of("sales@example.com"), html, Optional.empty(), List.of(listId));
        long campaignId = herald.campaigns().create(draft);
        herald.delivery().send(campaignId);
        return new Loaded(listId, imported, campaignId);
    }

    /** Waits until the campaign has left the 'sending' state, or the timeout passes. */
    public static Campaign awaitSent(Herald herald, long campaignId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Campaign c = herald.campaigns().get(campaignId);
        while (c.status() == CampaignStatus.SENDING && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            c = herald.campaigns().get(campaignId);
        }
        return c;
    }

    private static InputStream resource(String name) {
        InputStream in = DemoData.class.getResourceAsStream(name);
        if (in == null) {
            throw new HeraldException("demo resource " + name + " is missing from the jar");
        }
        return in;
    }

    private static byte[] readAll(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
