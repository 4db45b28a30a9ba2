package app.herald.tracelog;

import static app.herald.tracelog.LogLines.CRLF;
import static app.herald.tracelog.LogLines.rec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    @TempDir
    Path dir;

    private static final String T1 = "2026-10-01T08:00:00.000Z";

    @Test
    void reportsMalformedLinesWithFileAndLineAndKeepsReading() {
        String good = rec(T1).event("SEND", "SMTP").sender("a@example.com").line();
        String unterminated = rec("2026-10-01T08:00:01.000Z").event("SEND", "SMTP").sender("b@example.com").line()
                .replace("b@example.com", "\"b@example.com");
        String shortLine = "2026-10-01T08:00:02.000Z,,,SEND";
        String badDate = rec("2026-13-01T08:00:03.000Z").event("SEND", "SMTP").line();
        String afterAll = rec("2026-10-01T08:00:04.000Z").event("DELIVER", "STOREDRIVER").sender("c@example.com").line();
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + good + CRLF + unterminated + CRLF + shortLine + CRLF
                + badDate + CRLF + afterAll + CRLF, true);

        SearchResult r = new LogSearch(dir, false).search(SearchQuery.builder().build());

        assertThat(r.records()).extracting(LogRecord::sender).containsExactly("a@example.com", "c@example.com");
        assertThat(r.records()).extracting(LogRecord::line).containsExactly(6L, 10L);
        assertThat(r.malformed()).extracting(MalformedLine::toString).containsExactly(
                "MSGTRK20261001-1.log:7: unterminated quoted field 19 (the next line starts a new record)",
                "MSGTRK20261001-1.log:8: expected 27 fields as the #Fields line says, found 4",
                "MSGTRK20261001-1.log:9: bad date-time '2026-13-01T08:00:03.000Z', expected yyyy-MM-ddTHH:mm:ss.fffZ");
    }

    @Test
    void malformedLinesAreReportedOnceHoweverTheFileIsSearched() {
        String good = rec(T1).event("SEND", "SMTP").sender("a@example.com").subject("Tea").line();
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + good + CRLF + "2026-10-01T08:00:01.000Z,x" + CRLF
                + rec("2026-10-02T08:00:00.000Z").event("SEND", "SMTP").line() + CRLF, true);
        LogSearch indexed = new LogSearch(dir);
        List<SearchQuery> queries = List.of(SearchQuery.builder().build(), SearchQuery.builder().sender("a@example.com").build(),
                SearchQuery.builder().subject("tea").build(), SearchQuery.builder().start(Instant.parse("2026-11-01T00:00:00Z")).build(),
                SearchQuery.builder().resultSize(1).build());

        for (SearchQuery q : queries) {
            assertThat(indexed.search(q).malformed()).as("%s", q).extracting(MalformedLine::line).containsExactly(7L);
            assertThat(new LogSearch(dir, false).search(q).malformed()).extracting(MalformedLine::line).containsExactly(7L);
        }
    }

    @Test
    void anUnterminatedQuoteOnTheLastLineIsReportedAtTheEndOfTheFile() {
        String good = rec(T1).event("SEND", "SMTP").line();
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + good + CRLF + "2026-10-01T08:00:01.000Z,\"open", false);

        SearchResult r = new LogSearch(dir, false).search(SearchQuery.builder().build());

        assertThat(r.records()).hasSize(1);
        assertThat(r.malformed()).extracting(MalformedLine::toString)
                .containsExactly("MSGTRK20261001-1.log:7: unterminated quoted field 1 at the end of the file"
                        + " (the last line, without a line break: cut short, or still being written)");
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() {
        String subject = "Tea, \"green\"\r\nand black; 绿茶";
        String line = rec(T1).event("SEND", "SMTP").subject(subject).set(RecordField.SOURCE_CONTEXT, "a,b\nc").line();
        String next = rec("2026-10-01T08:00:01.000Z").event("DELIVER", "STOREDRIVER").line();
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + line + CRLF + next + CRLF, true);

        SearchResult r = new LogSearch(dir, false).search(SearchQuery.builder().build());

        assertThat(r.malformed()).isEmpty();
        assertThat(r.records().get(0).get(RecordField.MESSAGE_SUBJECT)).isEqualTo(subject);
        assertThat(r.records().get(0).get(RecordField.SOURCE_CONTEXT)).isEqualTo("a,b\nc");
        assertThat(r.records().get(1).line()).as("line numbers count the line breaks inside quotes").isEqualTo(9);
    }

    @Test
    void readsMixedBomLineEndingsNameCaseAndHourlyNamesInTimeOrder() {
        // 2013 with BOM and CRLF; 2016 without BOM, LF, upper case .LOG with an hour; 2010 header, LF.
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + rec(T1).event("SUBMIT", "STOREDRIVER").line() + CRLF, true);
        String row2016 = LogLines.line(rec("2026-10-01T09:30:00.000Z").event("SEND", "SMTP")
                .set(RecordField.SCHEMA_VERSION, "15.02.1544.004").values, LogLayout.EXCHANGE_2016);
        LogLines.write(dir.resolve("MSGTRKMD2026100109-1.LOG"), ("#Software: Microsoft Exchange Server\n#Version: 15.02.1544.004\n"
                + "#Log-Type: Message Tracking Log\n#Date: 2026-10-01T09:00:00.000Z\n#Fields: " + String.join(",", LogLayout.EXCHANGE_2016)
                + "\n" + row2016 + "\n"), false);
        String row2010 = LogLines.line(rec("2026-10-01T08:30:00.000Z").event("DELIVER", "STOREDRIVER").values, LogLayout.EXCHANGE_2010);
        LogLines.write(dir.resolve("MSGTRKMS20261001-2.log"), LogLines.header(T1, LogLayout.EXCHANGE_2010).replace("\r\n", "\n") + row2010 + "\n", false);
        LogLines.write(dir.resolve("notes.log"), "not a tracking log\n", false);
        LogLines.write(dir.resolve("MSGTRK20261001-1.txt"), "ignored", false);

        SearchResult r = new LogSearch(dir, false).search(SearchQuery.builder().build());

        assertThat(r.malformed()).isEmpty();
        assertThat(r.records()).extracting(LogRecord::eventId).containsExactly("SUBMIT", "DELIVER", "SEND");
        assertThat(r.records().get(2).get(RecordField.SCHEMA_VERSION)).isEqualTo("15.02.1544.004");
        assertThat(r.records().get(1).has(RecordField.NETWORK_MESSAGE_ID)).isFalse();
    }

    @Test
    void aLaterFieldsLineChangesTheLayoutForTheLinesAfterIt() {
        String before = rec(T1).event("SUBMIT", "STOREDRIVER").sender("a@example.com").line();
        String after = LogLines.line(rec("2026-10-01T09:00:00.000Z").event("SEND", "SMTP").sender("a@example.com").values, LogLayout.EXCHANGE_2016);
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), LogLines.header(T1) + before + CRLF
                + LogLines.header("2026-10-01T09:00:00.000Z", LogLayout.EXCHANGE_2016) + after + CRLF, true);

        for (boolean index : new boolean[] {false, true, true}) {
            SearchResult r = new LogSearch(dir, index).search(SearchQuery.builder().sender("A@example.com").build());

            assertThat(r.malformed()).isEmpty();
            assertThat(r.records()).extracting(LogRecord::eventId).containsExactly("SUBMIT", "SEND");
            assertThat(r.records().get(1).has(RecordField.LOG_ID)).isTrue();
            assertThat(r.records().get(0).has(RecordField.LOG_ID)).isFalse();
        }
    }

    @Test
    void aHeaderlessLineOfUnknownWidthIsMalformed() {
        LogLines.write(dir.resolve("MSGTRK20261001-1.log"), "2026-10-01T08:00:00.000Z,a,b\n", false);

        SearchResult r = new LogSearch(dir, false).search(SearchQuery.builder().build());

        assertThat(r.records()).isEmpty();
        assertThat(r.malformed()).extracting(MalformedLine::reason)
                .containsExactly("3 fields, and without a #Fields line only Exchange's layouts of 26, 27 or 30 fields are known");
    }

    @Test
    void parsesExchangeTimesWithAnyFraction() {
        byte[] b = "2026-10-01T08:00:00Z 2026-10-01T08:00:00.5Z 2026-02-29T00:00:00.000Z 2028-02-29T23:59:59.9999999Z".getBytes();

        assertThat(LogTimes.parse(b, 0, 20)).isEqualTo(Instant.parse("2026-10-01T08:00:00Z").toEpochMilli());
        assertThat(LogTimes.parse(b, 21, 43)).isEqualTo(Instant.parse("2026-10-01T08:00:00.500Z").toEpochMilli());
        assertThat(LogTimes.parse(b, 44, 68)).as("2026 is no leap year").isEqualTo(LogTimes.INVALID);
        assertThat(LogTimes.parse(b, 69, b.length)).isEqualTo(Instant.parse("2028-02-29T23:59:59.999Z").toEpochMilli());
        assertThat(List.of(LogTimes.parse("2026-10-01".getBytes(), 0, 10))).containsExactly(LogTimes.INVALID);
    }
}
