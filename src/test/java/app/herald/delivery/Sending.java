package app.herald.delivery;

import app.herald.Await;
import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.config.SendingConfig;
import app.herald.tracelog.TrackingLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The sending parts wired as Herald wires them, against a given SMTP port, with short test timings. */
final class Sending implements AutoCloseable {
    static final Dispatcher.Settings FAST = new Dispatcher.Settings(10, Duration.ofSeconds(60), Duration.ofMillis(50),
            Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());

    final Jdbi jdbi;
    final Campaigns campaigns;
    final MessageRenderer renderer;
    final SmtpPool pool;
    final RelaySet relays;
    final TrackingLog log;
    Throttle throttle = Throttle.NONE;
    Outbound outbound = Outbound.PLAIN;
    Dispatcher dispatcher;
    /** FAST, without retries unless a test asks for them with {@link #retrying}. */
    Dispatcher.Settings settings = FAST;

    Sending(Jdbi jdbi, int smtpPort) {
        this(jdbi, smtpPort, TrackingLog.disabled());
    }

    Sending(Jdbi jdbi, int smtpPort, TrackingLog log) {
        this.jdbi = jdbi;
        this.log = log;
        this.campaigns = new Campaigns(jdbi);
        this.renderer = new MessageRenderer(jdbi, CampaignFixtures.URLS);
        this.pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", smtpPort, Optional.empty(), Optional.empty(),
                HeraldConfig.Tls.NONE, 4));
        this.relays = RelaySet.of(pool);
    }

    /** Over the relays of {@code config}, with SMTP timeouts of {@code timeout}. */
    Sending(Jdbi jdbi, SendingConfig config, Duration timeout, TrackingLog log) {
        this.jdbi = jdbi;
        this.log = log;
        this.campaigns = new Campaigns(jdbi);
        this.renderer = new MessageRenderer(jdbi, CampaignFixtures.URLS);
        this.relays = RelaySet.open(config, timeout);
        this.pool = relays.relays().getFirst().pool();
    }

    /** A relay on 127.0.0.1:{@code port} with {@code connections} connections and {@code weight}. */
    static SendingConfig.Relay relay(int port, int connections, int weight) {
        return new SendingConfig.Relay(new HeraldConfig.Smtp("127.0.0.1", port, Optional.empty(), Optional.empty(),
                HeraldConfig.Tls.NONE, connections), weight);
    }

    /** Retries temporary failures on this schedule, e.g. 1 s, 1 s. */
    Sending retrying(Duration... schedule) {
        settings = settings.withRetrySchedule(List.of(schedule));
        return this;
    }

    Sending start() {
        dispatcher = Dispatcher.start(jdbi, campaigns, renderer, relays, throttle, outbound, log, settings);
        return this;
    }

    Delivery delivery() {
        return new Delivery(jdbi, campaigns, renderer, relays, throttle, () -> {
            if (dispatcher != null) {
                dispatcher.wake();
            }
        }, settings.retrySchedule(), outbound, log);
    }

    String campaignStatus(long campaignId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM campaign WHERE id = :id").bind("id", campaignId)
                .mapTo(String.class).one());
    }

    void awaitStatus(long campaignId, String status) throws InterruptedException {
        Await.until(Duration.ofSeconds(60), () -> campaignStatus(campaignId).equals(status));
    }

    long count(String sql, long campaignId) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("c", campaignId).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        relays.close();
    }
}
