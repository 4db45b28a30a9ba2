package app.herald.tracelog;

import static app.herald.tracelog.LogLines.CRLF;
import static app.herald.tracelog.LogLines.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Get-MessageTrackingLog parameter, each checked by scan, by a first indexed search and through the built index. */
class LogSearchTest {
    @TempDir
    Path dir;

    @BeforeEach
    void logs() {
        StringBuilder ms = new StringBuilder(LogLines.header("2026-10-01T08:00:00.000Z"));
        ms.append(rec("2026-10-01T08:00:00.000Z").event("SUBMIT", "STOREDRIVER").sender("News@Shop.example.com")
                .recipients("ann@example.com").ids("101", "<m1@herald.example.com>", "11111111-0000-0000-0000-000000000001")
                .subject("Autumn Tea, 绿茶").line()).append(CRLF);
        ms.append(rec("2026-10-01T08:00:00.100Z").event("SUBMIT", "STOREDRIVER").sender("news@shop.example.com")
                .recipients("bob@example.com").ids("102", "<m2@herald.example.com>", "11111111-0000-0000-0000-000000000002")
                .subject("Autumn Tea, 绿茶").line()).append(CRLF);
        ms.append(rec("2026-10-01T09:00:00.000Z").event("SUBMIT", "STOREDRIVER").sender("boss@shop.example.com")
                .recipients("ann@example.com;Carl@Example.com").ids("103", "<m3@herald.example.com>", "11111111-0000-0000-0000-000000000003")
                .subject("Invoice").set(RecordField.REFERENCE, "<orig@x>").line()).append(CRLF);
        LogLines.write(dir.resolve("MSGTRKMS20261001-1.log"), ms.toString(), true);

        StringBuilder t = new StringBuilder(LogLines.header("2026-10-01T08:00:01.000Z"));
        t.append(rec("2026-10-01T08:00:01.000Z").event("SEND", "SMTP").sender("news@shop.example.com")
                .recipients("ann@example.com").ids("101", "<m1@herald.example.com>", "11111111-0000-0000-0000-000000000001")
                .set(RecordField.RECIPIENT_STATUS, "250 2.1.5 Recipient OK").subject("Autumn Tea, 绿茶").line()).append(CRLF);
        t.append(rec("2026-10-01T08:00:02.000Z").event("DEFER", "SMTP").sender("news@shop.example.com")
                .recipients("bob@example.com").ids("102", "<m2@herald.example.com>", "11111111-0000-0000-0000-000000000002")
                .set(RecordField.RECIPIENT_STATUS, "451 4.7.1 Try later").subject("Autumn Tea, 绿茶").line()).append(CRLF);
        t.append(rec("2026-10-02T00:00:00.000Z").event("AGENTINFO", "AGENT").sender("news@shop.example.com")
                .recipients("ann@example.com").ids("101", "<m1@herald.example.com>", "11111111-0000-0000-0000-000000000001")
                .set(RecordField.CUSTOM_DATA, "S:Event=Open;S:Ip=198.51.100.7").line()).append(CRLF);
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), t.toString(), true);
    }

    @Test
    void senderIsMatchedWithoutCase() {
        assertThat(events(q -> q.sender("NEWS@shop.EXAMPLE.com"))).containsExactly("SUBMIT@08:00:00", "SUBMIT@08:00:00.100",
                "SEND@08:00:01", "DEFER@08:00:02", "AGENTINFO@2026-10-02T00:00:00");
    }

    @Test
    void aRecordMatchesWhenAnyOfItsRecipientsIsAnyGiven() {
        assertThat(events(q -> q.recipient("carl@example.com"))).containsExactly("SUBMIT@09:00:00");
        assertThat(events(q -> q.recipients(List.of("BOB@example.com", "carl@EXAMPLE.com"))))
                .containsExactly("SUBMIT@08:00:00.100", "DEFER@08:00:02", "SUBMIT@09:00:00");
    }

    @Test
    void messageIdMatchesWithOrWithoutBrackets() {
        assertThat(events(q -> q.messageId("<m2@herald.example.com>"))).containsExactly("SUBMIT@08:00:00.100", "DEFER@08:00:02");
        assertThat(events(q -> q.messageId("M2@herald.example.com"))).containsExactly("SUBMIT@08:00:00.100", "DEFER@08:00:02");
    }

    @Test
    void internalAndNetworkMessageIdsSelectOneMessage() {
        assertThat(events(q -> q.internalMessageId("103"))).containsExactly("SUBMIT@09:00:00");
        assertThat(events(q -> q.networkMessageId("11111111-0000-0000-0000-000000000001")))
                .containsExactly("SUBMIT@08:00:00", "SEND@08:00:01", "AGENTINFO@2026-10-02T00:00:00");
    }

    @Test
    void eventIdSourceAndReferenceFilter() {
        assertThat(events(q -> q.eventId("defer"))).containsExactly("DEFER@08:00:02");
        assertThat(events(q -> q.source("agent"))).containsExactly("AGENTINFO@2026-10-02T00:00:00");
        assertThat(events(q -> q.reference("<ORIG@x>"))).containsExactly("SUBMIT@09:00:00");
    }

    @Test
    void subjectIsACaseInsensitiveSubstring() {
        assertThat(events(q -> q.subject("tea, 绿"))).containsExactly("SUBMIT@08:00:00", "SUBMIT@08:00:00.100", "SEND@08:00:01", "DEFER@08:00:02");
        assertThat(events(q -> q.subject("INVOICE").sender("boss@shop.example.com"))).containsExactly("SUBMIT@09:00:00");
        assertThat(events(q -> q.subject("invoice").sender("news@shop.example.com"))).isEmpty();
    }

    @Test
    void startIsInclusiveAndEndExclusive() {
        assertThat(events(q -> q.start(Instant.parse("2026-10-01T08:00:01Z")).end(Instant.parse("2026-10-01T09:00:00Z"))))
                .containsExactly("SEND@08:00:01", "DEFER@08:00:02");
        assertThat(events(q -> q.sender("news@shop.example.com").end(SearchQuery.parseTime("end", "2026-10-01T08:00:00.100"))))
                .containsExactly("SUBMIT@08:00:00");
    }

    @Test
    void timesWithAnOffsetAreConvertedToUtcAndADateMeansMidnight() {
        assertThat(SearchQuery.parseTime("start", "2026-10-01T17:00+08:00")).isEqualTo(Instant.parse("2026-10-01T09:00:00Z"));
        assertThat(SearchQuery.parseTime("start", "2026-10-02")).isEqualTo(Instant.parse("2026-10-02T00:00:00Z"));
        assertThat(SearchQuery.parseTime("start", "2026-10-01 08:30:00")).isEqualTo(Instant.parse("2026-10-01T08:30:00Z"));
        assertThat(events(q -> q.start(SearchQuery.parseTime("start", "2026-10-01T17:00+08:00")).end(SearchQuery.parseTime("end", "2026-10-02"))))
                .containsExactly("SUBMIT@09:00:00");
    }

    @Test
    void badTimesAndSizesSayWhatIsAccepted() {
        assertThatThrownBy(() -> SearchQuery.parseTime("--start", "yesterday")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--start must be an ISO 8601 date or date-time").hasMessageContaining("got 'yesterday'");
        assertThatThrownBy(() -> SearchQuery.parseResultSize("0")).isInstanceOf(InvalidInputException.class)
                .hasMessage("result size must be a whole number of at least 1 or 'unlimited', got '0'");
        assertThatThrownBy(() -> SearchQuery.builder().start(Instant.parse("2026-10-02T00:00:00Z")).end(Instant.parse("2026-10-01T00:00:00Z")).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be before end");
        assertThat(SearchQuery.parseResultSize("Unlimited")).isEqualTo(SearchQuery.UNLIMITED);
    }

    @Test
    void resultSizeKeepsTheEarliestAndSaysMoreAreAvailable() {
        for (boolean index : new boolean[] {false, true, true}) {
            SearchResult two = new LogSearch(dir, index).search(SearchQuery.builder().sender("news@shop.example.com").resultSize(2).build());
            assertThat(two.records()).extracting(r -> r.timestamp().toString())
                    .containsExactly("2026-10-01T08:00:00Z", "2026-10-01T08:00:00.100Z");
            assertThat(two.moreAvailable()).isTrue();

            SearchResult exact = new LogSearch(dir, index).search(SearchQuery.builder().sender("news@shop.example.com").resultSize(5).build());
            assertThat(exact.records()).hasSize(5);
            assertThat(exact.moreAvailable()).isFalse();
        }
    }

    @Test
    void resultSizeIsAThousandByDefaultAndCanBeUnlimited() {
        StringBuilder many = new StringBuilder(LogLines.header("2026-10-03T00:00:00.000Z"));
        for (int i = 0; i < 1200; i++) {
            many.append(rec(String.format("2026-10-03T00:%02d:%02d.%03dZ", i / 600, i / 10 % 60, i % 10))
                    .event("SEND", "SMTP").sender("bulk@shop.example.com").recipients("r" + i + "@example.com").line()).append(CRLF);
        }
        LogLines.write(dir.resolve("MSGTRK20261003-1.log"), many.toString(), true);

        SearchResult byDefault = new LogSearch(dir).search(SearchQuery.builder().sender("bulk@shop.example.com").build());
        SearchResult all = new LogSearch(dir).search(SearchQuery.builder().sender("bulk@shop.example.com").resultSize(SearchQuery.UNLIMITED).build());

        assertThat(byDefault.records()).hasSize(SearchQuery.DEFAULT_RESULT_SIZE);
        assertThat(byDefault.moreAvailable()).isTrue();
        assertThat(byDefault.records().get(999).recipients()).containsExactly("r999@example.com");
        assertThat(all.records()).hasSize(1200);
        assertThat(all.moreAvailable()).isFalse();
        assertThat(SearchResult.MORE_AVAILABLE_WARNING).isEqualTo("WARNING: There are more results available than are currently displayed."
                + " To view them, increase the value for the ResultSize parameter.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scan", "first", "indexed"})
    void everyWayOfSearchingGivesTheSameAnswer(String how) {
        SearchQuery q = SearchQuery.builder().recipients(List.of("ann@example.com")).build();
        SearchResult expected = new LogSearch(dir, false).search(q);
        if (how.equals("indexed")) {
            new LogSearch(dir).search(SearchQuery.builder().build());
        }
        SearchResult r = new LogSearch(dir, !how.equals("scan")).search(q);

        assertThat(r.records()).isEqualTo(expected.records()).hasSize(4);
        if (how.equals("indexed")) {
            assertThat(r.stats().indexed()).isEqualTo(2);
            assertThat(r.stats().scanned()).isZero();
        }
    }

    @Test
    void aSearchPlansFromTheCatalogAndRebuildsAnIndexThatHasGone() throws IOException {
        SearchQuery q = SearchQuery.builder().sender("news@shop.example.com").build();
        SearchResult expected = new LogSearch(dir, false).search(q);
        new LogSearch(dir).search(q);
        Path indexes = dir.resolve(LogIndex.DIRECTORY);
        assertThat(indexes.resolve("catalog")).isRegularFile();

        Files.delete(indexes.resolve("MSGTRK20261001-1.log.idx"));
        SearchResult afterLoss = new LogSearch(dir).search(q);
        SearchResult rebuilt = new LogSearch(dir).search(q);

        assertThat(afterLoss.records()).isEqualTo(expected.records());
        assertThat(afterLoss.stats().scanned()).isEqualTo(1);
        assertThat(indexes.resolve("MSGTRK20261001-1.log.idx")).isRegularFile();
        assertThat(rebuilt.records()).isEqualTo(expected.records());
        assertThat(rebuilt.stats().indexed()).isEqualTo(2);
        assertThat(rebuilt.stats().scanned()).isZero();
    }

    @Test
    void aCatalogEntryForAChangedOrRemovedLogIsNotUsed() throws IOException {
        SearchQuery q = SearchQuery.builder().sender("boss@shop.example.com").build();
        new LogSearch(dir).search(q);
        Path log = dir.resolve("MSGTRKMS20261001-1.log");
        Files.writeString(log, rec("2026-10-01T10:00:00.000Z").event("SUBMIT", "STOREDRIVER").sender("boss@shop.example.com")
                .recipients("dan@example.com").line() + CRLF, StandardOpenOption.APPEND);
        Files.delete(dir.resolve("MSGTRK20261001-1.log"));

        SearchResult r = new LogSearch(dir).search(q);

        assertThat(r.records()).extracting(x -> x.timestamp().toString()).containsExactly("2026-10-01T09:00:00Z", "2026-10-01T10:00:00Z");
        assertThat(r.stats().files()).isEqualTo(1);
        assertThat(new LogSearch(dir).search(q).records()).isEqualTo(r.records());
        assertThat(Files.readAllBytes(dir.resolve(LogIndex.DIRECTORY).resolve("catalog")))
                .as("the removed log's entry is dropped").asString(StandardCharsets.ISO_8859_1).doesNotContain("MSGTRK20261001-1.log");
    }

    private List<String> events(UnaryOperator<SearchQuery.Builder> query) {
        SearchQuery q = query.apply(SearchQuery.builder()).build();
        List<String> scanned = names(new LogSearch(dir, false).search(q).records());
        assertThat(names(new LogSearch(dir).search(q).records())).as("first search, building indexes").isEqualTo(scanned);
        assertThat(names(new LogSearch(dir).search(q).records())).as("through the indexes").isEqualTo(scanned);
        return scanned;
    }

    private static List<String> names(List<LogRecord> records) {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            String t = r.timestamp().toString();
            String shown = t.startsWith("2026-10-01T") ? t.substring(11, t.length() - 1) : t.substring(0, t.length() - 1);
            out.add(r.eventId() + "@" + shown);
        }
        return out;
    }
}
