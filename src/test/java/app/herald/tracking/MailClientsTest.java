package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MailClientsTest {
    private static final MailClients CLIENTS = MailClients.load();

    @Test
    void namesTheMailClientsThatUapJavaDoesNotKnow() {
        Map<String, MailClient> cases = Map.of(
                "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)", new MailClient("Outlook", "desktop", "Windows"),
                "Outlook-iOS/709.2226530.prod.iphone (4.2421.0)", new MailClient("Outlook", "mobile", "iOS"),
                "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 Foxmail/7.2.25.228",
                new MailClient("Foxmail", "desktop", "Windows"),
                "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 QQMail/6.5.9",
                new MailClient("QQ Mail", "mobile", "iOS"),
                "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/101.0.4951.74 Mobile Safari/537.36 MailMaster/7.18.2",
                new MailClient("NetEase Mail Master", "mobile", "Android"),
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) MailMasterPC/4.17.6.1006 Chrome/91.0.4472.164 Safari/537.36",
                new MailClient("NetEase Mail Master", "desktop", "Windows"),
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
                new MailClient("Apple Mail", "mobile", "iOS"),
                "Mozilla/5.0 (Linux; Android 14; SM-S918B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36",
                new MailClient("Android mail app", "mobile", "Android"),
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.0", new MailClient("Thunderbird", "desktop", "Linux"));

        cases.forEach((agent, client) -> assertThat(CLIENTS.read(agent).client()).as(agent).isEqualTo(client));
    }

    @Test
    void aBrowserIsWebmail() {
        assertThat(CLIENTS.read("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0")
                .client()).isEqualTo(new MailClient("Edge", "webmail", "Windows"));
        assertThat(CLIENTS.read("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
                .client()).isEqualTo(new MailClient("Mobile Safari", "webmail", "iOS"));
    }

    @Test
    void programsAndEmptyAgentsAreNoClient() {
        assertThat(CLIENTS.read("curl/8.5.0").client()).isEqualTo(MailClient.NONE);
        assertThat(CLIENTS.read("Go-http-client/1.1").client()).isEqualTo(MailClient.NONE);
        assertThat(CLIENTS.read("").client()).isEqualTo(MailClient.NONE);
        assertThat(CLIENTS.read(null).client()).isEqualTo(MailClient.NONE);
        assertThat(CLIENTS.read("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").crawler()).isTrue();
    }
}
