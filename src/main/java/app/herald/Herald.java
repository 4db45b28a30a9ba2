package app.herald;

import app.herald.audience.Audience;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.SmtpPool;
import app.herald.report.Reports;
import app.herald.devinbox.DevInbox;
import app.herald.store.Database;
import app.herald.store.StoredValues;
import app.herald.tracelog.CampaignOwnership;
import app.herald.tracelog.DeliveryReports;
import app.herald.tracelog.LogDirectories;
import app.herald.tracelog.LogSearch;
import app.herald.tracking.HitRecorder;
import app.herald.tracking.TrackingEndpoints;
import app.herald.tracking.TrackingTokens;
import app.herald.tracking.TrackingUrls;
import app.herald.web.ApiAuth;
import app.herald.web.ApiDocs;
import app.herald.web.AudienceApi;
import app.herald.web.CampaignApi;
import app.herald.web.ReportApi;
import app.herald.web.TrackingLogApi;
import app.herald.web.Routes;
import app.herald.web.UiRoutes;
import app.herald.web.Users;
import app.herald.web.WebServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Herald: database, HTTP server and the background workers, wired together. Closing it
 * stops them in the reverse order, flushing whatever they still hold.
 */
public final class Herald implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Herald.class);

    private final HeraldConfig config;
    private final Database database;
    private final TrackingTokens trackingTokens;
    private final TrackingUrls trackingUrls;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Optional<String> generatedAdminToken;
    private final Optional<DevInbox> devInbox;
    private WebServer web;
    private Campaigns campaigns;
    private Delivery delivery;

    private Herald(HeraldConfig config, Database database, Optional<DevInbox> devInbox) {
        this.config = config;
        this.database = database;
        this.devInbox = devInbox;
        // First in, last out: the inbox outlives every worker that might still send to it.
        devInbox.ifPresent(running::add);
        this.trackingTokens = trackingTokens(config, database);
        this.trackingUrls = new TrackingUrls(config.publicUrl(), trackingTokens);
        this.generatedAdminToken = new Users(database.jdbi()).ensureAdmin(config.adminToken());
    }

    /** Opens the database (starting the embedded server when no URL is configured) and migrates it. */
    public static Database openDatabase(HeraldConfig config) {
        return config.db().url()
                .map(url -> Database.external(url, config.db().user(), config.db().password(), poolSize(config)))
                .orElseGet(() -> Database.embedded(config.dataDir(), poolSize(config)));
    }

    /** Starts every role in this process: HTTP (API, tracking, UI) and the send workers. */
    public static Herald start(HeraldConfig config) {
        Database database = openDatabase(config);
        Herald herald;
        try {
            herald = withDevInbox(config, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            herald.startRoles();
        } catch (RuntimeException e) {
            herald.close();
            throw e;
        }
        return herald;
    }

    /**
     * With the dev inbox enabled, it starts first and Herald's SMTP settings point at it, so that
     * everything Herald sends is captured and nothing reaches a real mailbox.
     */
    private static Herald withDevInbox(HeraldConfig config, Database database) {
        if (!config.devInbox().enabled()) {
            return new Herald(config, database, Optional.empty());
        }
        DevInbox inbox = DevInbox.start(database.jdbi(), config.devInbox().port());
        try {
            HeraldConfig.Smtp smtp = new HeraldConfig.Smtp("127.0.0.1", inbox.port(), Optional.empty(), Optional.empty(),
                    HeraldConfig.Tls.NONE, config.smtp().connections());
            return new Herald(config.withSmtp(smtp), database, Optional.of(inbox));
        } catch (RuntimeException e) {
            inbox.close();
            throw e;
        }
    }

    private void startRoles() {
        Users users = new Users(database.jdbi());
        List<Routes> routes = new ArrayList<>();
        routes.add(new ApiAuth(users));
        routes.add(new AudienceApi(new Audience(database.jdbi())));
        routes.add(new ApiDocs());
        // tracking: the recorder is closed after the web server (see close), so every answered hit is written
        HitRecorder hits = new HitRecorder(database.jdbi());
        running.add(hits);
        routes.add(new TrackingEndpoints(database.jdbi(), trackingTokens, hits));
        routes.add(new ReportApi(new Reports(database.jdbi())));
        routes.add(new UiRoutes(database.jdbi(), users, devInbox));
        LogSearch trackingLog = new LogSearch(LogDirectories.configured(config));
        routes.add(new TrackingLogApi(trackingLog, new DeliveryReports(trackingLog, new CampaignOwnership(database.jdbi()))));
        startSending(routes);
        web = WebServer.start(config.http().host(), config.http().port(), routes);
    }

    private void startSending(List<Routes> routes) {
        campaigns = new Campaigns(database.jdbi());
        MessageRenderer renderer = new MessageRenderer(database.jdbi(), trackingUrls);
        SmtpPool smtp = new SmtpPool(config.smtp());
        running.add(smtp);
        Dispatcher dispatcher = Dispatcher.start(database.jdbi(), campaigns, renderer, smtp);
        running.add(dispatcher);
        delivery = new Delivery(database.jdbi(), campaigns, renderer, smtp, dispatcher);
        routes.add(new CampaignApi(campaigns, delivery));
    }

    private static int poolSize(HeraldConfig config) {
        return Math.max(10, config.smtp().connections() + 6);
    }

    private static TrackingTokens trackingTokens(HeraldConfig config, Database database) {
        String secret = config.trackingSecret().orElseGet(() -> new StoredValues(database.jdbi()).getOrCreate("tracking_secret", () -> {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return HexFormat.of().formatHex(b);
        }));
        return new TrackingTokens(secret.getBytes(StandardCharsets.UTF_8));
    }

    public HeraldConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public TrackingTokens trackingTokens() {
        return trackingTokens;
    }

    /** The running dev inbox, when dev_inbox.enabled is set. */
    public Optional<DevInbox> devInbox() {
        return devInbox;
    }

    public TrackingUrls trackingUrls() {
        return trackingUrls;
    }

    public Campaigns campaigns() {
        return campaigns;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The admin token generated on the very first start, to be shown once; empty otherwise. */
    public Optional<String> generatedAdminToken() {
        return generatedAdminToken;
    }

    public int httpPort() {
        return web.port();
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", running.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        database.close();
    }
}
