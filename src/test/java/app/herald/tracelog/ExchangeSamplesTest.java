package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real Exchange logs of the shared corpus (see src/test/resources/tracelog/corpus/SOURCES.md). */
class ExchangeSamplesTest {
    private static final String EXCHANGE_2010 = "elastic-beats_bom8.log";
    private static final String EXCHANGE_2016 = "elastic-integrations_test-messagetracking.log";

    @TempDir
    Path dir;

    @Test
    void readsTheExchange2010FileWithItsHeaderAndQuotedSourceContext() throws IOException {
        copy(EXCHANGE_2010);

        SearchResult r = search(SearchQuery.builder().build());

        assertThat(r.malformed()).isEmpty();
        assertThat(r.records()).hasSize(2);
        LogRecord first = r.records().get(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2016-04-05T00:00:02.052Z"));
        assertThat(first.eventId()).isEqualTo("NOTIFYMAPI");
        assertThat(first.source()).isEqualTo("STOREDRIVER");
        assertThat(first.get(RecordField.SOURCE_CONTEXT)).isEqualTo("MDB:61914740-3f1b-4ddb-94e0-557196870cfa,"
                + " Mailbox:279f077c-216f-4323-a9ee-48e50ffd3cad, Event:269492708,"
                + " MessageClass:IPM.Note.StorageQuotaWarning.Warning, CreationTime:2016-04-05T00:00:01.022Z, ClientType:System");
        assertThat(first.has(RecordField.NETWORK_MESSAGE_ID)).as("2010 has no network-message-id").isFalse();
        assertThat(first.eventData()).containsExactly(Map.entry("ItemEntryId",
                "00-00-00-00-37-DB-F9-F9-B5-F2-42-4F-86-62-E6-5D-FC-0C-A1-41-07-00-0E-D6-03-16-80-DC-8C-44-9D-30-07-23-ED-71-B7-F7-00-00-1F-D4-B5-0E-00-00-2E-EF-F2-59-0E-E8-2D-46-BC-31-02-85-0D-67-98-43-00-00-37-4A-A3-B3-00-00"));
        assertThat(first.line()).isEqualTo(6);
        assertThat(r.records().get(1).line()).isEqualTo(7);
    }

    @Test
    void readsTheHeaderless2016RowsByTheirColumnCount() throws IOException {
        copy(EXCHANGE_2016);

        SearchResult r = search(SearchQuery.builder().build());

        assertThat(r.malformed()).isEmpty();
        assertThat(r.records()).extracting(LogRecord::eventId)
                .containsExactly("SEND", "HAREDIRECTFAIL", "RECEIVE", "RECEIVE", "NOTIFYMAPI", "SENDEXTERNAL");
        LogRecord redirect = r.records().get(1);
        assertThat(redirect.sender()).isEqualTo("MAILER-DAEMON@host01.my.domain.com");
        assertThat(redirect.recipients()).containsExactly("mailuser@my.domain.com");
        assertThat(redirect.get(RecordField.MESSAGE_SUBJECT)).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(redirect.get(RecordField.NETWORK_MESSAGE_ID)).isEqualTo("2fd37dca-1234-5bfb-175d-08dc1db88f52");
        assertThat(redirect.get(RecordField.TRANSPORT_TRAFFIC_TYPE)).isEqualTo("Email");
        assertThat(redirect.get(RecordField.SCHEMA_VERSION)).isEqualTo("15.02.0330.005");
        assertThat(redirect.get(RecordField.LOG_ID)).isEqualTo("dc69df25-1234-564c-41c4-08dc1db88f7f");

        LogRecord send = r.records().get(0);
        assertThat(send.timestamp()).isEqualTo(Instant.parse("2024-01-07T00:00:07.463Z"));
        assertThat(send.get(RecordField.MESSAGE_SUBJECT)).isEqualTo("ein Titel");
        assertThat(send.recipientStatuses()).containsExactly("250 2.1.5Recipient OK");
        assertThat(send.get(RecordField.DIRECTIONALITY)).isEqualTo("Originating");

        LogRecord external = r.records().get(5);
        assertThat(external.get(RecordField.SOURCE_CONTEXT)).startsWith(";250 2.6.0 <1736846922.907742.2942@foo.bar.local> [InternalId=5450313518243,")
                .endsWith("Queued mail for delivery;ClientSubmitTime:");
        assertThat(external.get(RecordField.RETURN_PATH)).isEqualTo("<>");
        assertThat(EventData.value(external.eventData(), "OriginalFromAddress")).isEqualTo("<>");
    }

    @Test
    void searchesTheSamplesTogetherByMessageIdWithOrWithoutBrackets() throws IOException {
        copy(EXCHANGE_2010);
        copy(EXCHANGE_2016);

        List<LogRecord> bracketed = search(SearchQuery.builder().messageId("<20240123200014.123F425E28@host01.my.domain.com>").build()).records();
        List<LogRecord> bare = search(SearchQuery.builder().messageId("20240123200014.123f425e28@HOST01.my.domain.com").build()).records();
        List<LogRecord> bareInFile = search(SearchQuery.builder().messageId("<20240107001234.567E6224C8@monitor.example.com>").build()).records();

        assertThat(bracketed).extracting(LogRecord::eventId).containsExactly("RECEIVE");
        assertThat(bare).isEqualTo(bracketed);
        assertThat(bareInFile).extracting(LogRecord::eventId).containsExactly("SEND");
    }

    private SearchResult search(SearchQuery q) {
        SearchResult scanned = new LogSearch(dir, false).search(q);
        SearchResult first = new LogSearch(dir).search(q);
        SearchResult indexed = new LogSearch(dir).search(q);
        assertThat(first.records()).isEqualTo(scanned.records());
        assertThat(indexed.records()).isEqualTo(scanned.records());
        assertThat(indexed.malformed()).isEqualTo(scanned.malformed());
        return scanned;
    }

    private void copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/tracelog/corpus/" + name)) {
            Files.copy(in, dir.resolve(name));
        }
    }
}
