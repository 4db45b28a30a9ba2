package app.herald;

import app.herald.audience.Audience;
import app.herald.bounce.BounceListener;
import app.herald.bounce.Bounces;
import app.herald.bounce.MailboxPoller;
import app.herald.bounce.ReturnPath;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.Outbound;
import app.herald.delivery.RelaySet;
import app.herald.delivery.Throttle;
import app.herald.report.Reports;
import app.herald.devinbox.DevInbox;
import app.herald.domain.DkimSigning;
import app.herald.domain.DomainCheck;
import app.herald.domain.SendingDomains;
import app.herald.store.Database;
import app.herald.store.StoredValues;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.CampaignOwnership;
import app.herald.tracelog.DeliveryReports;
import app.herald.tracelog.LogSearch;
import app.herald.tracking.ClientAddress;
import app.herald.privacy.PersonalData;
import app.herald.privacy.TrackingRetention;
import app.herald.tracking.HitRecorder;
import app.herald.tracking.TrackingEndpoints;
import app.herald.tracking.TrackingTokens;
import app.herald.tracking.TrackingUrls;
import app.herald.web.ApiAuth;
import app.herald.web.ApiDocs;
import app.herald.web.AudienceApi;
import app.herald.web.BounceApi;
import app.herald.web.CampaignApi;
import app.herald.web.DomainApi;
import app.herald.web.PrivacyApi;
import app.herald.web.ReportApi;
import app.herald.web.TrackingLogApi;
import app.herald.web.Routes;
import app.herald.web.SuppressionApi;
import app.herald.web.UiRoutes;
import app.herald.web.Users;
import app.herald.web.WebServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    private final byte[] trackingSecret;
    private final TrackingTokens trackingTokens;
    private final TrackingUrls trackingUrls;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Optional<String> generatedAdminToken;
    private final Optional<DevInbox> devInbox;
    private final TrackingLog trackingLog;
    private WebServer web;
    private Campaigns campaigns;
    private Delivery delivery;
    /** Searches of the tracking log, kept with their open indexes (the API and herald trace share it). */
    private LogSearch logSearch;
    private Optional<BounceListener> bounceListener = Optional.empty();

    private Herald(HeraldConfig config, Database database, TrackingLog trackingLog, Optional<DevInbox> devInbox) {
        this.config = config;
        this.database = database;
        this.trackingLog = trackingLog;
        this.devInbox = devInbox;
        // First in, last out: the tracking log outlives everything that logs, the inbox every worker that might still send to it.
        running.add(trackingLog);
        devInbox.ifPresent(running::add);
        this.trackingSecret = trackingSecret(config, database);
        this.trackingTokens = new TrackingTokens(config.trackingKeyId(), trackingSecret, previousTrackingSecrets(config));
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
        TrackingLog trackingLog = null;
        try {
            trackingLog = TrackingLog.open(config.messageTrackingLog());
            herald = withDevInbox(config, database, trackingLog);
        } catch (RuntimeException e) {
            if (trackingLog != null) {
                trackingLog.close();
            }
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
    private static Herald withDevInbox(HeraldConfig config, Database database, TrackingLog trackingLog) {
        if (!config.devInbox().enabled()) {
            return new Herald(config, database, trackingLog, Optional.empty());
        }
        DevInbox inbox = DevInbox.start(database.jdbi(), config.devInbox().port(), trackingLog);
        try {
            HeraldConfig.Smtp smtp = new HeraldConfig.Smtp("127.0.0.1", inbox.port(), Optional.empty(), Optional.empty(),
                    HeraldConfig.Tls.NONE, config.smtp().connections());
            return new Herald(config.withSmtp(smtp), database, trackingLog, Optional.of(inbox));
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
        HitRecorder hits = HitRecorder.durable(database.jdbi(), trackingLog, config.trackingPrivacy().ipStorage(),
                config.dataDir(), HitRecorder.JOURNAL_LIMIT);
        running.add(hits);
        routes.add(new TrackingEndpoints(database.jdbi(), trackingTokens, hits, new ClientAddress(config.trustedProxies()),
                config.trackingRateLimit()));
        routes.add(new ReportApi(new Reports(database.jdbi())));
        routes.add(new PrivacyApi(new PersonalData(database.jdbi())));
        config.trackingPrivacy().retention().ifPresent(r ->
                running.add(new TrackingRetention(database.jdbi(), r, java.time.Clock.systemUTC()).start()));
        routes.add(new UiRoutes(database.jdbi(), users, devInbox));
        logSearch = new LogSearch(config.messageTrackingLog().path());
        routes.add(new TrackingLogApi(logSearch, new DeliveryReports(logSearch, new CampaignOwnership(database.jdbi()))));
        startSending(routes);
        web = WebServer.start(config.http().host(), config.http().port(), routes);
    }

    private void startSending(List<Routes> routes) {
        campaigns = new Campaigns(database.jdbi());
        MessageRenderer renderer = new MessageRenderer(database.jdbi(), trackingUrls, config.trackingPrivacy().consentDefault());
        RelaySet relays = RelaySet.open(config.sending());
        running.add(relays);
        Throttle throttle = Throttle.of(database.jdbi(), config.sending());
        SendingDomains domains = new SendingDomains(database.jdbi());
        DkimSigning dkim = new DkimSigning(domains, config.domains().dkimFallbackDomain());
        Bounces bounces = startBounces(routes);
        // a 5xx to RCPT or DATA is a bounce at send time: the same rules as a DSN decide about the address
        Outbound outbound = new Outbound(dkim, bounces.returnPath(), bounces::onSynchronousFailure);
        Dispatcher dispatcher = Dispatcher.start(database.jdbi(), campaigns, renderer, relays, throttle, outbound, trackingLog,
                config.retrySchedule(), config.deliveryLease(), config.dataDir());
        running.add(dispatcher);
        delivery = new Delivery(database.jdbi(), campaigns, renderer, relays, throttle, dispatcher, outbound, trackingLog);
        routes.add(new CampaignApi(campaigns, delivery));
        routes.add(new DomainApi(domains, new DomainCheck(domains, config, java.util.Optional.empty())));
    }

    /** Bounce handling: VERP return paths, the inbound listener and mailbox poller when configured, and their API. */
    private Bounces startBounces(List<Routes> routes) {
        HeraldConfig.Bounce b = config.bounce();
        Audience audience = new Audience(database.jdbi());
        Bounces bounces = new Bounces(database.jdbi(), audience, ReturnPath.of(b.domain(), trackingSecret), b.softLimit(), b.softWindow(),
                trackingLog);
        if (b.smtpEnabled()) {
            bounceListener = Optional.of(BounceListener.start(bounces, b.domain().orElseThrow(), b.smtpHost(), b.smtpPort()));
            running.add(bounceListener.get());
        }
        b.mailboxUrl().ifPresent(url -> running.add(MailboxPoller.start(bounces, database.jdbi(), url, b.mailboxInterval())));
        routes.add(new BounceApi(bounces));
        routes.add(new SuppressionApi(audience));
        return bounces;
    }

    private static int poolSize(HeraldConfig config) {
        return Math.max(10, config.sending().connections() + 6);
    }

    /** Retired tracking keys whose tokens still verify (tracking_secrets_previous). */
    private static Map<Integer, byte[]> previousTrackingSecrets(HeraldConfig config) {
        Map<Integer, byte[]> keys = new java.util.HashMap<>();
        config.trackingSecretsPrevious().forEach((id, secret) -> keys.put(id, secret.getBytes(StandardCharsets.UTF_8)));
        return keys;
    }

    /** The key of tracking tokens, and the root of the VERP key (see ReturnPath). */
    private static byte[] trackingSecret(HeraldConfig config, Database database) {
        String secret = config.trackingSecret().orElseGet(() -> new StoredValues(database.jdbi()).getOrCreate("tracking_secret", () -> {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return HexFormat.of().formatHex(b);
        }));
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    public HeraldConfig config() {
        return config;
    }

    /** Searches of this Herald's message tracking log. */
    public LogSearch logSearch() {
        return logSearch;
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

    /** The message tracking log every role writes to (disabled when message_tracking_log.enabled is false). */
    public TrackingLog trackingLog() {
        return trackingLog;
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

    /** The bounce listener, when bounce.smtp.enabled is set. */
    public Optional<BounceListener> bounceListener() {
        return bounceListener;
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
