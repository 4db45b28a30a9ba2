package app.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.config.ConfigException;
import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.devinbox.DevInbox;
import app.herald.store.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HeraldDevInboxTest {
    @Test
    void leavesTheDevInboxOffByDefault() {
        HeraldConfig config = HeraldConfig.from(Settings.of(Map.of()));

        assertThat(config.devInbox()).isEqualTo(new HeraldConfig.DevInboxConfig(false, 2525));
    }

    @Test
    void rejectsADevInboxPortOutOfRange() {
        assertThatThrownBy(() -> HeraldConfig.from(Settings.of(Map.of("dev_inbox.port", "70000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dev_inbox.port (HERALD_DEV_INBOX_PORT) = '70000'");
    }

    @Test
    void sendsEverythingToTheDevInboxWhenItIsEnabled() throws Exception {
        HeraldConfig config = HeraldConfig.from(Settings.of(Map.of(
                "http.host", "127.0.0.1", "http.port", "0",
                "data_dir", TestDatabase.tempDir("herald-devinbox").toString(),
                "smtp.host", "relay.example.com", "smtp.port", "587", "smtp.tls", "starttls",
                "dev_inbox.enabled", "true", "dev_inbox.port", "0",
                "admin_token", "hrld_test_admin_token_0123456789")));

        try (Herald herald = Herald.start(config)) {
            DevInbox inbox = herald.devInbox().orElseThrow();
            HeraldConfig.Smtp smtp = herald.config().smtp();
            assertThat(smtp.host()).isEqualTo("127.0.0.1");
            assertThat(smtp.port()).isEqualTo(inbox.port());
            assertThat(smtp.tls()).isEqualTo(HeraldConfig.Tls.NONE);
            assertThat(smtp.user()).isEmpty();

            send(smtp, "captured");
            assertThat(inbox.latest(10)).extracting(m -> m.subject().orElseThrow()).containsExactly("captured");

            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("API token");
        }
    }

    private static void send(HeraldConfig.Smtp smtp, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom("news@shop.example");
        m.setRecipients(Message.RecipientType.TO, "ann@example.com");
        m.setSubject(subject);
        m.setText("hello");
        Transport.send(m);
    }
}
