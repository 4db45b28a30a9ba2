package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each rule of {@link MachineRules}, through the classifier with its real data files, without a database. */
class MachineRulesTest {
    private static final Instant SENT = Instant.parse("2025-06-03T09:00:00Z");
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private static final String OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)";
    private static final String GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    private static final String PERSON = "198.51.100.7";

    private final HitClassifier classifier = HitClassifier.standard();
    private final HitHistory history = new HitHistory(1, SENT, null, 3);

    @Test
    void gmailImageProxyOpenIsTheReadersOpenWithoutDeviceDetails() {
        HitClassifier.Classified c = open(1800, "66.249.84.20", GMAIL_PROXY);

        assertThat(c.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(c.evidence().rule()).isEqualTo("mail_proxy_open");
        assertThat(c.evidence().network()).isEqualTo("Google");
        assertThat(c.client()).isEqualTo(new MailClient("Gmail (image proxy)", "unknown", "unknown"));
    }

    @Test
    void appleMailPrivacyProtectionPrefetchIsAMachineWhereverItComesFrom() {
        assertThat(open(40, "17.58.101.20", "Mozilla/5.0").verdict()).isEqualTo(Verdict.machine(MachineKind.PRIVACY_PROXY_PREFETCH));
        assertThat(open(50, "104.28.40.12", "Mozilla/5.0").verdict()).isEqualTo(Verdict.machine(MachineKind.PRIVACY_PROXY_PREFETCH));
        assertThat(open(60, "17.58.101.21", "Mozilla/5.0").client()).isEqualTo(MailClient.NONE);
    }

    @Test
    void anOpenFromApplesNetworkIsThePrefetchButAClickFromThereIsAPerson() {
        HitClassifier.Classified prefetch = open(40, "17.58.1.1", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148");
        HitClassifier.Classified click = click(4000, 0, "17.58.1.2", CHROME);

        assertThat(prefetch.verdict()).isEqualTo(Verdict.machine(MachineKind.PRIVACY_PROXY_PREFETCH));
        assertThat(prefetch.evidence().rule()).isEqualTo("privacy_proxy_network");
        assertThat(click.verdict()).isEqualTo(Verdict.HUMAN);
    }

    @Test
    void appleMailWithoutPrivacyProtectionIsAHumanOnAppleMail() {
        HitClassifier.Classified c = open(3600, PERSON, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)");

        assertThat(c.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(c.client()).isEqualTo(new MailClient("Apple Mail", "desktop", "macOS"));
    }

    @Test
    void headRequestIsAMachineEvenWithABrowserAgent() {
        HitClassifier.Classified pixel = judge(Hit.open(1, SENT.plusSeconds(300), Hit.Method.HEAD, PERSON, CHROME));
        HitClassifier.Classified link = judge(Hit.click(1, 0, SENT.plusSeconds(300), Hit.Method.HEAD, PERSON, CHROME));

        assertThat(pixel.verdict()).isEqualTo(Verdict.machine(MachineKind.UNKNOWN_BOT));
        assertThat(link.verdict()).isEqualTo(Verdict.machine(MachineKind.LINK_CHECKER));
        assertThat(link.evidence().method()).isEqualTo("HEAD");
        assertThat(link.evidence().rule()).isEqualTo("head_request");
    }

    @Test
    void securityGatewayNetworkIsAScannerWhateverItsAgent() {
        HitClassifier.Classified mimecast = click(3600, 0, "205.139.110.61", CHROME);
        HitClassifier.Classified microsoft = click(3700, 1, "2a01:111:f400:7e00::15", CHROME);

        assertThat(mimecast.verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
        assertThat(mimecast.evidence().network()).isEqualTo("Mimecast");
        assertThat(mimecast.evidence().rule()).isEqualTo("scanner_network");
        assertThat(microsoft.evidence().network()).isEqualTo("Microsoft Exchange Online Protection");
    }

    @Test
    void scannerAgentIsAScanner() {
        assertThat(click(30, 0, "198.18.0.9", "Barracuda Sentinel (EE)").verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
    }

    @Test
    void linkCheckerAgentIsALinkChecker() {
        assertThat(click(900, 0, "198.18.10.2", "W3C-checklink/5.0.0 libwww-perl/6.72").verdict())
                .isEqualTo(Verdict.machine(MachineKind.LINK_CHECKER));
    }

    @Test
    void scriptsAndRequestsWithoutAgentAreUnknownBots() {
        assertThat(click(4000, 0, "198.18.11.1", "curl/8.5.0").verdict()).isEqualTo(Verdict.machine(MachineKind.UNKNOWN_BOT));
        assertThat(open(4000, "198.18.11.2", "python-requests/2.31.0").verdict()).isEqualTo(Verdict.machine(MachineKind.UNKNOWN_BOT));
        HitClassifier.Classified none = open(4000, "198.18.11.3", null);
        assertThat(none.verdict()).isEqualTo(Verdict.machine(MachineKind.UNKNOWN_BOT));
        assertThat(none.evidence().rule()).isEqualTo("no_user_agent");
    }

    @Test
    void fastClickBeforeAnyOpenIsAScanner() {
        HitClassifier.Classified c = click(40, 0, "198.18.5.5", CHROME);

        assertThat(c.verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
        assertThat(c.evidence().clickBeforeOpen()).isTrue();
        assertThat(c.evidence().secondsAfterSend()).isEqualTo(40);
        assertThat(c.evidence().rule()).isEqualTo("fast_click_before_open");
    }

    @Test
    void theSameFastClickAfterAnOpenIsThePerson() {
        open(20, PERSON, OUTLOOK);
        HitClassifier.Classified c = click(40, 0, PERSON, CHROME);

        assertThat(c.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(c.evidence().clickBeforeOpen()).isFalse();
    }

    @Test
    void aSlowClickWithoutOpenIsAReaderWithImagesBlocked() {
        HitClassifier.Classified c = click(7200, 1, PERSON, CHROME);

        assertThat(c.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(c.evidence().clickBeforeOpen()).isTrue();
    }

    @Test
    void aClickWithinSecondsOfTheSendIsAMachineEvenAfterAnOpen() {
        open(4, "198.18.7.8", CHROME);

        assertThat(click(6, 0, "198.18.7.8", CHROME).evidence().rule()).isEqualTo("instant_click");
    }

    @Test
    void everyLinkWithinSecondsIsABurstEvenLongAfterTheSend() {
        HitHistory four = new HitHistory(1, SENT, null, 4);
        HitClassifier.Classified first = classifier.judge(Hit.click(1, 0, SENT.plusSeconds(600), "198.18.5.5", CHROME), four);
        HitClassifier.Classified second = classifier.judge(Hit.click(1, 1, SENT.plusSeconds(603), "198.18.5.6", CHROME), four);
        HitClassifier.Classified third = classifier.judge(Hit.click(1, 2, SENT.plusSeconds(606), "198.18.5.7", CHROME), four);

        assertThat(first.verdict()).as("judged before the burst is seen").isEqualTo(Verdict.HUMAN);
        assertThat(second.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(third.verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
        assertThat(third.evidence().burstLinks()).isEqualTo(3);
        assertThat(third.evidence().rule()).isEqualTo("click_burst");
    }

    @Test
    void twoDifferentLinksWithinTwoSecondsAreAProgramButADoubleClickIsNot() {
        click(600, 0, PERSON, CHROME);
        assertThat(click(600, 0, PERSON, CHROME).verdict()).as("double click").isEqualTo(Verdict.HUMAN);
        assertThat(click(601, 1, PERSON, CHROME).evidence().rule()).isEqualTo("rapid_clicks");
    }

    @Test
    void aSourceThatActedAsAMachineStaysOneOnTheSameMessage() {
        click(15, 0, "198.18.9.9", CHROME);
        HitClassifier.Classified back = click(400, 0, "198.18.9.9", CHROME);

        assertThat(back.verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
        assertThat(back.evidence().rule()).isEqualTo("repeat_of_machine");
        assertThat(back.evidence().repeats()).isEqualTo(1);
    }

    @Test
    void aClickBeforeTheSendIsRecordedCountsAsImmediate() {
        HitHistory unsent = new HitHistory(1, null, null, 3);

        HitClassifier.Classified c = classifier.judge(Hit.click(1, 0, SENT, PERSON, CHROME), unsent);

        assertThat(c.evidence().secondsAfterSend()).isNull();
        assertThat(c.verdict()).isEqualTo(Verdict.machine(MachineKind.SECURITY_SCANNER));
    }

    @Test
    void anAgentThatNamesNothingIsUnknown() {
        HitClassifier.Classified c = open(3600, PERSON, "SomeMailer/1.0");

        assertThat(c.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(c.evidence().rule()).isEqualTo("no_rule");
    }

    private HitClassifier.Classified open(long seconds, String ip, String agent) {
        return judge(Hit.open(1, SENT.plusSeconds(seconds), ip, agent));
    }

    private HitClassifier.Classified click(long seconds, int link, String ip, String agent) {
        return judge(Hit.click(1, link, SENT.plusSeconds(seconds), ip, agent));
    }

    private HitClassifier.Classified judge(Hit hit) {
        return classifier.judge(hit, history);
    }
}
