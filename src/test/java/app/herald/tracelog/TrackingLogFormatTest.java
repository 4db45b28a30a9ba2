package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingLogFormatTest {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.089123Z");

    @TempDir
    Path dir;

    @Test
    void startsEachFileWithBomAndExchangeHeaderWhoseDateIsTheFirstRecordsTime() throws Exception {
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(send(T0, 1).build());
            log.record(send(T0.plusSeconds(5), 2).build());
        }
        Path file = single(dir);
        byte[] raw = Files.readAllBytes(file);
        assertThat(raw).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(raw, 3, raw.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("""
                #Software: Herald""");
        assertThat(text.split("\r\n")).startsWith(
                "#Software: " + LogLine.SOFTWARE,
                "#Version: 15.0.0.0",
                "#Log-type: Message Tracking Log",
                "#Date: 2025-03-04T05:06:07.089Z",
                "#Fields: " + String.join(",", LogLayout.EXCHANGE_2013));
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(text).endsWith("\r\n");
        assertThat(WrittenLog.rows(file, true)).extracting(r -> r.get("date-time"))
                .containsExactly("2025-03-04T05:06:07.089Z", "2025-03-04T05:06:12.089Z");
    }

    @Test
    void writesEveryFieldInExchangeOrder() {
        UUID network = UUID.fromString("0b7099ea-cb95-4e34-928e-08dc5f139ac8");
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(LogEvent.builder(Prefix.MSGTRK, T0, Source.SMTP, EventId.SEND)
                    .client("10.0.0.1", "herald-1").server("192.0.2.25", "relay.example.com").sourceContext("ctx")
                    .connectorId("Herald\\Outbound SMTP relay.example.com:25")
                    .message(42L, "<" + network + "@acme.example>", network)
                    .recipient("anna@example.com", "250 2.0.0 Ok: queued as 4F2").totalBytes(5120L).recipientCount(1)
                    .relatedRecipientAddress("rel").reference("ref").subject("Spring offer")
                    .sender("news@acme.example", "").messageInfo(T0.minusSeconds(60)).directionality("Originating")
                    .tenantId("t").original("198.51.100.1", "198.51.100.2").custom("CampaignId", 7).build());
        }
        Map<String, String> row = WrittenLog.rows(dir).get(0).fields();
        assertThat(row.keySet()).containsExactlyElementsOf(LogLayout.EXCHANGE_2013);
        assertThat(row.values()).containsExactly("2025-03-04T05:06:07.089Z", "10.0.0.1", "herald-1", "192.0.2.25",
                "relay.example.com", "ctx", "Herald\\Outbound SMTP relay.example.com:25", "SMTP", "SEND", "42",
                "<0b7099ea-cb95-4e34-928e-08dc5f139ac8@acme.example>", "0b7099ea-cb95-4e34-928e-08dc5f139ac8",
                "anna@example.com", "250 2.0.0 Ok: queued as 4F2", "5120", "1", "rel", "ref", "Spring offer",
                "news@acme.example", "<>", "2025-03-04T05:05:07.089Z", "Originating", "t", "198.51.100.1", "198.51.100.2",
                "S:CampaignId=7");
    }

    @Test
    void readsBackCommasQuotesSemicolonsLineBreaksAndChineseExactly() {
        String subject = "春季促销, \"新品\"; 50% off 😀 Größe\r\nline two\nthree";
        String url = "https://acme.example/p?a=1&b=2;c=3%20d#x,y";
        String agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) \"quoted\"";
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(LogEvent.builder(Prefix.MSGTRK, T0, Source.AGENT, EventId.AGENTINFO)
                    .recipient("a@example.com", "250 ok; queued").recipient("b,c@example.com", "550 5.1.1 \"no\"")
                    .subject(subject).sourceContext("line\rbreak").custom("Event", "Click").custom("Url", url)
                    .custom("UserAgent", agent).build());
        }
        WrittenLog.Row row = WrittenLog.rows(dir).get(0);
        assertThat(row.get("message-subject")).isEqualTo(subject);
        assertThat(row.get("source-context")).isEqualTo("line\rbreak");
        assertThat(row.recipients()).containsExactly("a@example.com", "b,c@example.com");
        assertThat(row.recipientStatus()).containsExactly("250 ok; queued", "550 5.1.1 \"no\"");
        assertThat(row.customData()).containsExactly(Map.entry("Event", "Click"), Map.entry("Url", url),
                Map.entry("UserAgent", agent));
    }

    @Test
    void percentEncodesOnlyWhatWouldBreakTheSplit() {
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(LogEvent.builder(Prefix.MSGTRK, T0, Source.AGENT, EventId.AGENTINFO)
                    .custom("Url", "https://x.example/?q=1;r=50%").custom("Name", "张三, O'Brien").build());
        }
        assertThat(WrittenLog.rows(dir).get(0).get("custom-data"))
                .isEqualTo("S:Url=https://x.example/?q%3D1%3Br%3D50%25;S:Name=张三, O'Brien");
    }

    @Test
    void writesALoneSurrogateWhichIsNotTextAsAQuestionMark() {
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(send(T0, 1).subject("broken \uD83D here").build());
        }
        assertThat(WrittenLog.rows(dir).get(0).get("message-subject")).isEqualTo("broken ? here");
    }

    @Test
    void writesTimesOfManyMinutesAndDaysCorrectly() {
        List<Instant> times = List.of(Instant.parse("1999-12-31T23:59:59.999Z"), Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T12:34:56.007Z"), Instant.parse("2024-02-29T12:35:01.5Z"));
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            times.forEach(t -> log.record(send(t, 1).build()));
        }
        assertThat(WrittenLog.rows(dir)).extracting(r -> r.get("date-time")).containsExactly("1999-12-31T23:59:59.999Z",
                "2000-01-01T00:00:00.000Z", "2024-02-29T12:34:56.007Z", "2024-02-29T12:35:01.500Z");
    }

    @Test
    void writesNoSubjectAtAllWhenSubjectLoggingIsOff() throws Exception {
        MessageTrackingLogConfig noSubjects = new MessageTrackingLogConfig(true, dir, 10 << 20, 1000 << 20,
                Optional.of(Duration.ofDays(30)), false);
        try (TrackingLog log = TrackingLog.open(noSubjects)) {
            log.record(send(T0, 1).subject("Secret merger plans").build());
        }
        assertThat(WrittenLog.rows(dir).get(0).get("message-subject")).isEmpty();
        assertThat(Files.readString(single(dir))).doesNotContain("Secret");
    }

    @Test
    void rejectsStatusesThatDoNotMatchTheRecipients() {
        assertThatThrownBy(() -> new LogEvent(Prefix.MSGTRK, T0, null, null, null, null, null, null, Source.SMTP, EventId.SEND,
                null, null, null, List.of("a@example.com", "b@example.com"), List.of("250 ok"), null, null, null, null, null,
                null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 statuses for 2 recipients");
    }

    @Test
    void rejectsCustomDataKeysThatReadersCouldNotSplit() {
        assertThatThrownBy(() -> send(T0, 1).custom("Url=x", "y").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Url=x");
    }

    static LogEvent.Builder send(Instant at, long id) {
        return LogEvent.builder(Prefix.MSGTRK, at, Source.SMTP, EventId.SEND)
                .message(id, "<" + id + "@acme.example>", new UUID(0, id))
                .recipient("r" + id + "@example.com", "250 2.0.0 Ok").sender("news@acme.example", "news@acme.example");
    }

    static Path single(Path dir) {
        List<Path> files = WrittenLog.files(dir);
        assertThat(files).hasSize(1);
        return files.get(0);
    }
}
