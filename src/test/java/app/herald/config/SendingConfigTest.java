package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.config.SendingConfig.DomainLimit;
import app.herald.config.SendingConfig.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendingConfigTest {
    @TempDir
    Path dir;

    private static SendingConfig sending(Map<String, String> values) {
        return HeraldConfig.from(Settings.of(values)).sending();
    }

    @Test
    void theSingleRelaySettingsAreTheOneRelayWithoutLimits() {
        SendingConfig s = sending(Map.of("smtp.host", "relay.example.com", "smtp.port", "587", "smtp.tls", "starttls",
                "smtp.connections", "8"));

        assertThat(s.relays()).singleElement().satisfies(r -> {
            assertThat(r.weight()).isEqualTo(1);
            assertThat(r.smtp()).isEqualTo(new HeraldConfig.Smtp("relay.example.com", 587, Optional.empty(), Optional.empty(),
                    HeraldConfig.Tls.STARTTLS, 8));
        });
        assertThat(s.relayFailures()).isEqualTo(5);
        assertThat(s.relayCooldown()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.ratePerSecond()).isZero();
        assertThat(s.windowLimit()).isEmpty();
        assertThat(s.domainLimits()).isEmpty();
        assertThat(s.connections()).isEqualTo(8);
    }

    @Test
    void readsSeveralRelaysFromUrlsWithTheirWeightsAndConnections() {
        SendingConfig s = sending(Map.of("smtp.relays",
                "smtp://mailer:p%40ss%2Cword@r1.example.com:587?tls=starttls&connections=8&weight=3, smtps://r2.example.com",
                "smtp.connections", "2", "smtp.relay_failures", "3", "smtp.relay_cooldown", "90s"));

        assertThat(s.relays()).hasSize(2);
        assertThat(s.relays().get(0)).isEqualTo(new SendingConfig.Relay(new HeraldConfig.Smtp("r1.example.com", 587,
                Optional.of("mailer"), Optional.of("p@ss,word"), HeraldConfig.Tls.STARTTLS, 8), 3));
        assertThat(s.relays().get(1)).isEqualTo(new SendingConfig.Relay(new HeraldConfig.Smtp("r2.example.com", 465,
                Optional.empty(), Optional.empty(), HeraldConfig.Tls.TLS, 2), 1));
        assertThat(s.connections()).isEqualTo(10);
        assertThat(s.relayFailures()).isEqualTo(3);
        assertThat(s.relayCooldown()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void acceptsTheRelaysAndLimitsAsYamlLists() throws IOException {
        Path file = dir.resolve("herald.yml");
        Files.writeString(file, """
                smtp:
                  relays:
                    - smtp://r1.example.com:2525?weight=2
                    - smtp://r2.example.com
                delivery:
                  domain_limits:
                    - gmail.com=600/min:20
                    - outlook.com=300/1m
                """);

        SendingConfig s = HeraldConfig.from(Settings.load(Optional.of(file), Map.of(), Map.of(), HeraldConfig.KEYS)).sending();

        assertThat(s.relays()).extracting(r -> r.smtp().host() + ":" + r.smtp().port() + "/" + r.weight())
                .containsExactly("r1.example.com:2525/2", "r2.example.com:25/1");
        assertThat(s.domainLimits()).containsOnlyKeys("gmail.com", "outlook.com");
    }

    @Test
    void refusesSeveralRelaysTogetherWithTheSingleRelaysHost() {
        assertThatThrownBy(() -> sending(Map.of("smtp.relays", "smtp://r1.example.com", "smtp.host", "relay.example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("set either smtp.relays (HERALD_SMTP_RELAYS) or the single relay's smtp.host (HERALD_SMTP_HOST), not both");
    }

    @Test
    void aBadRelayIsNamedWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> sending(Map.of("smtp.relays", "smtp://r1.example.com, smtp://u:secret@r2.example.com?weight=0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid setting smtp.relays (HERALD_SMTP_RELAYS) = '…': relay 2 weight is '0'; it must be a whole number from 1 to 1000")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> sending(Map.of("smtp.relays", "http://r1.example.com")))
                .hasMessageContaining("relay 1 must be smtp://host[:port] or smtps://host[:port]");
        assertThatThrownBy(() -> sending(Map.of("smtp.relays", "smtp://r1.example.com?pool=3")))
                .hasMessageContaining("relay 1 has an unknown parameter 'pool'; known: tls, connections, weight");
    }

    @Test
    void readsLimitsPerDomainTheWindowCapAndTheRate() {
        SendingConfig s = sending(Map.of("delivery.domain_limits", "gmail.com=600/min:20, Outlook.com=300/1m, example.org=:5",
                "delivery.window_limit", "10000/1h", "delivery.rate", "12.5"));

        assertThat(s.domainLimits()).isEqualTo(Map.of(
                "gmail.com", new DomainLimit(Optional.of(new Window(600, Duration.ofMinutes(1))), 20),
                "outlook.com", new DomainLimit(Optional.of(new Window(300, Duration.ofMinutes(1))), 0),
                "example.org", new DomainLimit(Optional.empty(), 5)));
        assertThat(s.windowLimit()).contains(new Window(10_000, Duration.ofHours(1)));
        assertThat(s.windowLimit().get()).hasToString("10000 per 1h");
        assertThat(s.ratePerSecond()).isEqualTo(12.5);
    }

    @Test
    void badLimitsSayWhatToWrite() {
        assertThatThrownBy(() -> sending(Map.of("delivery.window_limit", "10000 per hour")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid setting delivery.window_limit (HERALD_DELIVERY_WINDOW_LIMIT) = '10000 per hour': "
                        + "must be MESSAGES/SPAN such as 10000/1h, 600/min or 50/10s");
        assertThatThrownBy(() -> sending(Map.of("delivery.domain_limits", "gmail.com 600/min")))
                .hasMessageContaining("entry 'gmail.com 600/min' must be DOMAIN=MESSAGES/SPAN[:IN_FLIGHT] such as gmail.com=600/min:20");
        assertThatThrownBy(() -> sending(Map.of("delivery.domain_limits", "gmail.com=600/min:0")))
                .hasMessageContaining("entry 'gmail.com=600/min:0' needs a number of messages in flight from 1 to 10000 after ':'");
        assertThatThrownBy(() -> sending(Map.of("delivery.domain_limits", "gmail.com=600/min, gmail.com=10/1s")))
                .hasMessageContaining("entry 'gmail.com=10/1s' is the second entry for gmail.com");
        assertThatThrownBy(() -> sending(Map.of("delivery.rate", "fast")))
                .hasMessageContaining("must be messages per second, a number from 0 (no limit) to 1000000");
    }

    @Test
    void theDevInboxReplacesEveryRelayButKeepsTheLimits() {
        HeraldConfig c = HeraldConfig.from(Settings.of(Map.of("smtp.relays", "smtp://r1.example.com, smtp://r2.example.com",
                "delivery.window_limit", "100/1h")));

        HeraldConfig inbox = c.withSmtp(new HeraldConfig.Smtp("127.0.0.1", 2525, Optional.empty(), Optional.empty(), HeraldConfig.Tls.NONE, 4));

        assertThat(inbox.sending().relays()).extracting(r -> r.smtp().host() + ":" + r.smtp().port()).containsExactly("127.0.0.1:2525");
        assertThat(inbox.sending().windowLimit()).contains(new Window(100, Duration.ofHours(1)));
    }
}
