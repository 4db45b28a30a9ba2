package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.store.Database;
import app.herald.tracelog.TrackingLog;
import app.herald.web.WebServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link HitJournalCrashTest}: Herald's tracking endpoints with the durable
 * recorder on an embedded PostgreSQL in {@code args[0]}, answering until it is killed. Prints
 * {@code READY port url url ...} (the pixel and a click URL of a few messages) once it listens.
 */
public final class HitJournalCrashChild {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Database db = Database.embedded(dataDir, 4);
        CampaignFixture fx = new CampaignFixture(db.jdbi());
        long campaign = fx.campaign("Crash");
        fx.link(campaign, 0, "https://shop.example.com/a");
        HitRecorder hits = HitRecorder.durable(db.jdbi(), TrackingLog.disabled(), IpStorage.FULL, dataDir, HitRecorder.JOURNAL_LIMIT);
        WebServer web = WebServer.start("127.0.0.1", 0, List.of(new TrackingEndpoints(db.jdbi(), TrackingServer.TOKENS, hits)));
        TrackingUrls urls = new TrackingUrls(URI.create("http://127.0.0.1:" + web.port()), TrackingServer.TOKENS);
        List<String> out = new ArrayList<>(List.of("READY", String.valueOf(web.port())));
        for (int i = 0; i < 20; i++) {
            long m = fx.sentMessage(campaign, "r" + i + "@example.com");
            out.add(urls.openPixel(m));
            out.add(urls.click(m, 0));
        }
        System.out.println(String.join(" ", out));
        System.out.flush();
        Thread.sleep(300_000);
    }
}
