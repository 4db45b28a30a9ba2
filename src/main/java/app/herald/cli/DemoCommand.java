package app.herald.cli;

import app.herald.Herald;
import app.herald.campaign.Campaign;
import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.demo.DemoData;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", description = {
        "Run Herald on embedded defaults with a built-in development SMTP inbox that captures every message,",
        "load a sample audience and campaign, send it into the inbox, and print the URLs to open."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("dev_inbox.enabled", "true");
        defaults.put("dev_inbox.port", "0");
        defaults.put("http.host", "127.0.0.1");
        defaults.put("data_dir", "data/demo");
        // The demo prints a sign-in link, so it needs a token it knows: a fresh one each run
        // unless the operator set HERALD_ADMIN_TOKEN.
        boolean ownToken = System.getenv(Settings.envName("admin_token")) == null && !options.overrides.containsKey("admin_token");
        if (ownToken) {
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            defaults.put("admin_token", "demo_" + HexFormat.of().formatHex(b));
        }
        HeraldConfig config = options.load(defaults);
        System.out.println("Starting Herald demo (data in " + config.dataDir() + ") ...");
        Herald herald = Herald.start(config);
        Foreground foreground = new Foreground(herald);

        DemoData.Loaded loaded = DemoData.loadAndSend(herald);
        Campaign campaign = DemoData.awaitSent(herald, loaded.campaignId(), Duration.ofSeconds(60));
        int captured = herald.devInbox().map(i -> i.latest(1000).size()).orElse(0);
        String base = config.publicUrl().toString();
        String token = config.adminToken().orElse("(the admin token)");
        System.out.printf("""

                Herald demo is running.
                  Sample audience: %d new and %d updated contacts in the list "Demo customers"
                  Sample campaign: "%s" is %s; the dev inbox holds %d message(s)

                  Open in your browser (signs you in):
                    %s/login?token=%s&next=/inbox

                  Dev inbox:      %s/inbox
                  Campaign page:  %s/campaigns/%d
                  API token:      %s   (e.g. curl -H "Authorization: Bearer %s" %s/api/campaigns/%d/report)

                Open a message in the dev inbox: its images load the real open pixel and its links go through
                the real click redirect, so the campaign page counts them. Stop with Ctrl+C.
                """, loaded.imported().imported(), loaded.imported().updated(), campaign.name(),
                campaign.status().dbName(), captured, base, token, base, base, loaded.campaignId(), token, token, base,
                loaded.campaignId());
        foreground.await();
        return 0;
    }
}
