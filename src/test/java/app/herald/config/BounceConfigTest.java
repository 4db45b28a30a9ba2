package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BounceConfigTest {
    private static HeraldConfig.Bounce bounce(Map<String, String> values) {
        return HeraldConfig.from(Settings.of(values)).bounce();
    }

    @Test
    void hasNoVerpNoListenerAndNoMailboxByDefault() {
        HeraldConfig.Bounce b = bounce(Map.of());

        assertThat(b.domain()).isEmpty();
        assertThat(b.smtpEnabled()).isFalse();
        assertThat(b.smtpHost()).isEqualTo("127.0.0.1");
        assertThat(b.smtpPort()).isEqualTo(2526);
        assertThat(b.mailboxUrl()).isEmpty();
        assertThat(b.mailboxInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.softLimit()).isEqualTo(3);
        assertThat(b.softWindow()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void readsEveryKeyFromTheEnvironment() {
        Settings s = Settings.load(java.util.Optional.empty(), Map.of("HERALD_BOUNCE_DOMAIN", "Bounces.Acme.Example",
                "HERALD_BOUNCE_SMTP_ENABLED", "true", "HERALD_BOUNCE_SMTP_HOST", "0.0.0.0", "HERALD_BOUNCE_SMTP_PORT", "25",
                "HERALD_BOUNCE_MAILBOX_URL", "pop3s://bounces:s%40cret@mail.acme.example/INBOX",
                "HERALD_BOUNCE_MAILBOX_INTERVAL", "5m", "HERALD_BOUNCE_SOFT_LIMIT", "5", "HERALD_BOUNCE_SOFT_WINDOW", "14d"),
                Map.of(), HeraldConfig.KEYS);

        HeraldConfig.Bounce b = HeraldConfig.from(s).bounce();

        assertThat(b.domain()).contains("bounces.acme.example");
        assertThat(b.smtpEnabled()).isTrue();
        assertThat(b.smtpHost()).isEqualTo("0.0.0.0");
        assertThat(b.smtpPort()).isEqualTo(25);
        assertThat(b.mailboxUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("mail.acme.example"));
        assertThat(b.mailboxInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.softLimit()).isEqualTo(5);
        assertThat(b.softWindow()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void refusesAListenerWithoutABounceDomain() {
        assertThatThrownBy(() -> bounce(Map.of("bounce.smtp.enabled", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs bounce.domain (HERALD_BOUNCE_DOMAIN)");
    }

    @Test
    void refusesABadDomainDurationOrMailboxWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> bounce(Map.of("bounce.domain", "bounces")))
                .hasMessageContaining("invalid setting bounce.domain (HERALD_BOUNCE_DOMAIN) = 'bounces'");
        assertThatThrownBy(() -> bounce(Map.of("bounce.soft_window", "a week")))
                .hasMessageContaining("is not a time span; write it like 30.00:00:00");
        assertThatThrownBy(() -> bounce(Map.of("bounce.mailbox.url", "http://u:topsecret@mail.example.com/")))
                .hasMessageContaining("must be imap://, imaps://, pop3:// or pop3s://").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> bounce(Map.of("bounce.mailbox.url", "imaps://mail.example.com/INBOX")))
                .hasMessageContaining("with user, password and host");
    }
}
