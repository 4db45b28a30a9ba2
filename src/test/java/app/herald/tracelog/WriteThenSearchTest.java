package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Herald's writer puts in a file, Herald's search reads back unchanged: the two halves agree on the format. */
class WriteThenSearchTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir
    Path dir;

    @Test
    void searchReadsBackEveryAwkwardValueTheWriterWrote() {
        UUID network = UUID.randomUUID();
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            log.record(LogEvent.builder(Prefix.MSGTRK, T0, Source.SMTP, EventId.SEND)
                    .message(42L, "<a,b@example.com>", network)
                    .recipient("li.wei@example.net", "250 2.0.0 Ok; queued as 4F2A")
                    .sender("sales@example.com", "bounce+abc@bounces.example.com")
                    .subject("春季报价, \"特别\" offer;\r\nline two")
                    .build());
            log.record(LogEvent.builder(Prefix.MSGTRK, T0.plusSeconds(60), Source.AGENT, EventId.AGENTINFO)
                    .message(42L, "<a,b@example.com>", network)
                    .recipient("li.wei@example.net")
                    .custom("Event", "Click")
                    .custom("Url", "https://shop.example.com/p?a=1;b=2&c=50%")
                    .build());
        }

        SearchResult result = new LogSearch(dir).search(SearchQuery.builder().messageId("a,b@example.com").build());

        assertThat(result.malformed()).isEmpty();
        assertThat(result.records()).hasSize(2);
        LogRecord send = result.records().get(0);
        assertThat(send.eventId()).isEqualTo("SEND");
        assertThat(send.get(RecordField.MESSAGE_SUBJECT)).isEqualTo("春季报价, \"特别\" offer;\r\nline two");
        assertThat(send.recipientStatuses()).containsExactly("250 2.0.0 Ok; queued as 4F2A");
        assertThat(send.get(RecordField.NETWORK_MESSAGE_ID)).isEqualTo(network.toString());
        LogRecord click = result.records().get(1);
        assertThat(click.eventData()).contains(Map.entry("Event", "Click"),
                Map.entry("Url", "https://shop.example.com/p?a=1;b=2&c=50%"));
        assertThat(click.recipients()).isEqualTo(List.of("li.wei@example.net"));
    }
}
