package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldConfigTest {
    @TempDir
    Path dir;

    @Test
    void hasWorkingDefaultsWithNothingSet() {
        HeraldConfig c = load(Optional.empty(), Map.of(), Map.of());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.publicUrl().toString()).isEqualTo("http://localhost:8080");
        assertThat(c.db().url()).isEmpty();
        assertThat(c.smtp().port()).isEqualTo(25);
        assertThat(c.smtp().tls()).isEqualTo(HeraldConfig.Tls.NONE);
        assertThat(c.smtp().connections()).isEqualTo(4);
        assertThat(c.adminToken()).isEmpty();
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
        Path file = dir.resolve("herald.yml");
        Files.writeString(file, """
                http:
                  port: 9000
                smtp:
                  host: relay.example.com
                  connections: 8
                """);
        HeraldConfig c = load(Optional.of(file),
                Map.of("HERALD_SMTP_HOST", "env-relay.example.com", "HERALD_HTTP_PORT", "9100"),
                Map.of("http.port", "9200"));
        assertThat(c.smtp().host()).isEqualTo("env-relay.example.com");
        assertThat(c.smtp().connections()).isEqualTo(8);
        assertThat(c.http().port()).isEqualTo(9200);
    }

    @Test
    void readsEveryDocumentedEnvironmentVariable() {
        HeraldConfig c = load(Optional.empty(), Map.ofEntries(
                Map.entry("HERALD_HTTP_PORT", "8443"),
                Map.entry("HERALD_PUBLIC_URL", "https://t.example.com/"),
                Map.entry("HERALD_DATA_DIR", dir.toString()),
                Map.entry("HERALD_DB_URL", "jdbc:postgresql://db:5432/herald"),
                Map.entry("HERALD_DB_USER", "herald"),
                Map.entry("HERALD_DB_PASSWORD", "pw"),
                Map.entry("HERALD_SMTP_HOST", "smtp.example.com"),
                Map.entry("HERALD_SMTP_PORT", "587"),
                Map.entry("HERALD_SMTP_USER", "u"),
                Map.entry("HERALD_SMTP_PASSWORD", "p"),
                Map.entry("HERALD_SMTP_TLS", "starttls"),
                Map.entry("HERALD_SMTP_CONNECTIONS", "16"),
                Map.entry("HERALD_ADMIN_TOKEN", "a-long-enough-admin-token"),
                Map.entry("HERALD_TRACKING_SECRET", "0123456789abcdef0123456789abcdef")), Map.of());
        assertThat(c.http().port()).isEqualTo(8443);
        assertThat(c.publicUrl().toString()).isEqualTo("https://t.example.com");
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.db()).isEqualTo(new HeraldConfig.Db(Optional.of("jdbc:postgresql://db:5432/herald"), "herald", "pw"));
        assertThat(c.smtp()).isEqualTo(new HeraldConfig.Smtp("smtp.example.com", 587, Optional.of("u"), Optional.of("p"),
                HeraldConfig.Tls.STARTTLS, 16));
        assertThat(c.adminToken()).contains("a-long-enough-admin-token");
        assertThat(c.trackingSecret()).contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void rejectsAPortThatIsNotANumberNamingTheKeyAndVariable() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("HERALD_HTTP_PORT")
                .hasMessageContaining("eighty");
    }

    @Test
    void readsTheRetryScheduleAndDefaultsToAlmostThreeDays() {
        assertThat(load(Optional.empty(), Map.of("HERALD_DELIVERY_RETRY_SCHEDULE", "1s, 90s,2m"), Map.of()).retrySchedule())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(90), Duration.ofMinutes(2));
        assertThat(load(Optional.empty(), Map.of(), Map.of()).retrySchedule().stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofHours(65).plusMinutes(21));
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_DELIVERY_RETRY_SCHEDULE", "1m,soon"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("delivery.retry_schedule").hasMessageContaining("HERALD_DELIVERY_RETRY_SCHEDULE")
                .hasMessageContaining("'soon'");
    }

    @Test
    void readsTheDeliveryLeaseAndRejectsOneTooShortToRenew() {
        assertThat(load(Optional.empty(), Map.of(), Map.of()).deliveryLease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(load(Optional.empty(), Map.of("HERALD_DELIVERY_LEASE", "90s"), Map.of()).deliveryLease()).isEqualTo(Duration.ofSeconds(90));
        for (String bad : new String[] {"2s", "soon", "unlimited"}) {
            assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_DELIVERY_LEASE", bad), Map.of()))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("HERALD_DELIVERY_LEASE").hasMessageContaining("at least 3s");
        }
    }

    @Test
    void readsTrustedProxiesAsIpv4AndIpv6RangesAndTrustsNoneByDefault() {
        assertThat(load(Optional.empty(), Map.of(), Map.of()).trustedProxies()).isEmpty();
        assertThat(load(Optional.empty(), Map.of("HERALD_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32,192.0.2.7"), Map.of())
                .trustedProxies()).extracting(Object::toString).containsExactly("10.0.0.0/8", "2001:db8::/32", "192.0.2.7");
        for (String bad : new String[] {"10.0.0.0/33", "proxy.example.com", "10.0.0.0/8,,", "2001:db8::/129", "10.0.0/8"}) {
            assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_TRUSTED_PROXIES", bad), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("trusted_proxies").hasMessageContaining("HERALD_TRUSTED_PROXIES");
        }
    }

    @Test
    void readsTheTrackingRateLimitWithSixtyByDefaultAndOffForNone() {
        assertThat(load(Optional.empty(), Map.of(), Map.of()).trackingRateLimit()).isEqualTo(60);
        assertThat(load(Optional.empty(), Map.of("HERALD_TRACKING_RATE_LIMIT", "off"), Map.of()).trackingRateLimit()).isZero();
        assertThat(load(Optional.empty(), Map.of("HERALD_TRACKING_RATE_LIMIT", " 600 "), Map.of()).trackingRateLimit()).isEqualTo(600);
        for (String bad : new String[] {"-1", "lots", "60/min"}) {
            assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_TRACKING_RATE_LIMIT", bad), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tracking.rate_limit").hasMessageContaining("HERALD_TRACKING_RATE_LIMIT");
        }
    }

    @Test
    void readsTheTrackingKeyIdAndPreviousKeysWithoutEverEchoingASecret() {
        HeraldConfig none = load(Optional.empty(), Map.of(), Map.of());
        assertThat(none.trackingKeyId()).isZero();
        assertThat(none.trackingSecretsPrevious()).isEmpty();
        String a = "a".repeat(32);
        String b = "b:".repeat(20);
        HeraldConfig c = load(Optional.empty(), Map.of("HERALD_TRACKING_KEY_ID", "2",
                "HERALD_TRACKING_SECRETS_PREVIOUS", "0:" + a + ", 1:" + b), Map.of());
        assertThat(c.trackingKeyId()).isEqualTo(2);
        assertThat(c.trackingSecretsPrevious()).containsExactlyInAnyOrderEntriesOf(Map.of(0, a, 1, b));
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_TRACKING_KEY_ID", "256"), Map.of()))
                .hasMessageContaining("HERALD_TRACKING_KEY_ID");
        for (String bad : new String[] {"0:short", "256:" + a, "x:" + a, a, "0:" + a + ",0:" + a, "2:" + a, "0:" + a + ","}) {
            assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_TRACKING_KEY_ID", "2", "HERALD_TRACKING_SECRETS_PREVIOUS", bad), Map.of()))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tracking_secrets_previous").hasMessageContaining("HERALD_TRACKING_SECRETS_PREVIOUS")
                    .hasMessageNotContaining(a);
        }
    }

    @Test
    void rejectsAnUnknownTlsMode() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_SMTP_TLS", "ssl3"), Map.of()))
                .hasMessageContaining("HERALD_SMTP_TLS").hasMessageContaining("none, starttls or tls");
    }

    @Test
    void rejectsANonPostgresqlDatabaseUrl() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_DB_URL", "jdbc:mysql://db/herald"), Map.of()))
                .hasMessageContaining("HERALD_DB_URL").hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void rejectsARelativePublicUrl() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_PUBLIC_URL", "t.example.com"), Map.of()))
                .hasMessageContaining("HERALD_PUBLIC_URL");
    }

    @Test
    void rejectsASmtpUserWithoutPassword() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_SMTP_USER", "u"), Map.of()))
                .hasMessageContaining("HERALD_SMTP_PASSWORD");
    }

    @Test
    void rejectsAShortTrackingSecret() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HERALD_TRACKING_SECRET", "short"), Map.of()))
                .hasMessageContaining("HERALD_TRACKING_SECRET").hasMessageContaining("32");
    }

    @Test
    void rejectsAnUnknownKeyInTheFile() throws IOException {
        Path file = dir.resolve("herald.yml");
        Files.writeString(file, "smtp:\n  hots: relay.example.com\n");
        assertThatThrownBy(() -> load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'smtp.hots'");
    }

    @Test
    void rejectsAFileThatIsNotYaml() throws IOException {
        Path file = dir.resolve("herald.yml");
        Files.writeString(file, "smtp: [unclosed\n");
        assertThatThrownBy(() -> load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read configuration file");
    }

    private static HeraldConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return HeraldConfig.from(Settings.load(file, env, flags, HeraldConfig.KEYS));
    }
}
