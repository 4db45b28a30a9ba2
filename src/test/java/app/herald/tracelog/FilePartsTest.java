package app.herald.tracelog;

import static app.herald.tracelog.LogLines.rec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file split into parts read in parallel gives exactly what reading it whole gives: the same
 * records with the same lines, and the same malformed lines, wherever the cuts fall.
 */
class FilePartsTest {
    @TempDir
    Path dir;

    @Test
    void cutsInsideQuotedMultiLineFieldsResynchroniseWithCrlf() throws IOException {
        write("MSGTRK20261001-1.log", tricky("\r\n", 300), true);

        assertSplitReadsAsWhole();
    }

    @Test
    void cutsResynchroniseWithLfAndWithoutBom() throws IOException {
        write("MSGTRK20261001-1.log", tricky("\n", 300), false);

        assertSplitReadsAsWhole();
    }

    @Test
    void aFieldsLineInAPartAppliesToTheLinesAfterIt() throws IOException {
        String eol = "\r\n";
        String text = tricky(eol, 120) + "#Fields: " + String.join(",", LogLayout.EXCHANGE_2016) + eol
                + records(eol, 120, LogLayout.EXCHANGE_2016, 7);
        write("MSGTRK20261001-1.log", text, true);

        assertSplitReadsAsWhole();
    }

    @Test
    void aHeaderlessFileIsSplitByColumnCount() throws IOException {
        write("MSGTRK20261001-1.log", records("\n", 200, LogLayout.EXCHANGE_2010, 3), false);

        assertSplitReadsAsWhole();
    }

    @Test
    void aFileSmallerThanTwoPartsIsReadWhole() throws IOException {
        Path p = write("MSGTRK20261001-1.log", tricky("\r\n", 3), true);
        LogFiles.LogFile f = LogFiles.list(dir).getFirst();

        assertThat(FileParts.split(f, 0, Files.size(p))).isNull();
        assertThat(FileParts.split(f, 0, Files.size(p) / 2).parts).hasSize(2);
    }

    @Test
    void aLastLineWithoutALineBreakIsReadByTheLastPart() throws IOException {
        String text = tricky("\r\n", 100);
        write("MSGTRK20261001-1.log", text.substring(0, text.length() - 2), true);

        assertSplitReadsAsWhole();
    }

    /** Every part size from tiny (a cut in nearly every record) to a few records, against one whole read. */
    private void assertSplitReadsAsWhole() {
        SearchQuery all = SearchQuery.builder().resultSize(SearchQuery.UNLIMITED).build();
        SearchResult whole = new LogSearch(dir, false, Long.MAX_VALUE / 4).search(all);
        assertThat(whole.records()).hasSizeGreaterThan(10);
        assertThat(whole.malformed()).isNotEmpty();
        for (long part = 37; part < 5000; part = part * 5 / 4 + 1) {
            SearchResult split = new LogSearch(dir, false, part).search(all);
            assertThat(split.records()).as("part size %d", part).isEqualTo(whole.records());
            assertThat(split.malformed()).as("part size %d", part).isEqualTo(whole.malformed());
        }
        assertThat(Files.exists(dir.resolve(LogIndex.DIRECTORY))).isFalse();
    }

    /**
     * Records whose subjects hold line breaks followed by text that looks like a record (a
     * date-time, a '#'), commas and doubled quotes, with a few malformed lines among them.
     */
    private static String tricky(String eol, int n) {
        StringBuilder b = new StringBuilder(LogLines.header("2026-10-01T08:00:00.000Z"));
        SplittableRandom random = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            String time = String.format("2026-10-01T08:%02d:%02d.%03dZ", i / 60 % 60, i % 60, i % 1000);
            String subject = switch (random.nextInt(7)) {
                case 0 -> "line one" + eol + " 2026-10-01T09:00:00.000Z,almost,like,a,record";
                case 1 -> "a, \"quoted\" one" + eol + "third, line" + eol;
                case 2 -> "绿茶, 50% off";
                case 3 -> "\"\"" + eol + eol + "\"";
                case 4 -> "2026" + eol + "10-01T08:00:00.000Z, not a date-time";
                // the reader ends a quoted field at a line that starts like a record: reported, then read on
                case 5 -> i % 5 == 0 ? "cut short" + eol + "2026-10-01T09:00:00.000Z,a,broken,record" : "x,y";
                default -> "plain " + i;
            };
            b.append(rec(time).event("SEND", "SMTP").sender("news" + (i % 7) + "@shop.example.com").recipients("r" + i + "@example.com")
                    .subject(subject).line()).append(eol);
            if (i % 37 == 5) {
                b.append("2026-10-01T08:00:00.000Z,too,few,fields").append(eol);
            }
            if (i % 43 == 9) {
                // skipped to the end of its line; the next line, which does not look like a record, is then read as one
                b.append("2026-10-01T08:00:00.000Z,\"a\"b,c").append(eol).append("continuation,line").append(eol);
            }
        }
        return b.toString();
    }

    private static String records(String eol, int n, List<String> layout, int seed) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String time = String.format("2026-10-01T10:%02d:%02d.000Z", i / 60 % 60, i % 60);
            b.append(LogLines.line(rec(time).event("DELIVER", "STOREDRIVER").sender("s" + (i % seed) + "@example.com")
                    .subject("multi" + eol + "still the subject, 2026-10-01T11:00:00.000Z " + i).values, layout)).append(eol);
            if (i % 41 == 3) {
                b.append("2026-13-01T10:00:00.000Z,bad,date").append(eol);
            }
        }
        return b.toString();
    }

    private Path write(String name, String text, boolean bom) {
        Path p = dir.resolve(name);
        LogLines.write(p, text, bom);
        return p;
    }
}
