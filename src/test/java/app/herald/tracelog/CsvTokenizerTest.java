package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTokenizerTest {
    private static final String[] PIECES = {"a", "b", "xyz", ",", "\"", "\r\n", "\n", ";", " ", "-", "绿茶", "<>", "S:Event=Open", "\r"};

    @Test
    void theTestJvmHasTheVectorApiAsHeraldServeDoes() {
        assertThat(CsvTokenizer.VECTOR_API).as("surefire's argLine adds jdk.incubator.vector").isTrue();
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {true, false})
    void readsBackWhatExchangesQuotingWrote(boolean vector) {
        SplittableRandom random = new SplittableRandom(4180);
        for (int round = 0; round < 2000; round++) {
            List<List<String>> records = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            String eol = random.nextBoolean() ? "\r\n" : "\n";
            for (int r = 0; r < 1 + random.nextInt(5); r++) {
                List<String> fields = new ArrayList<>();
                int n = 1 + random.nextInt(40);
                for (int f = 0; f < n; f++) {
                    fields.add(field(random));
                }
                if (n == 1 && fields.get(0).isEmpty()) {
                    fields.set(0, "x");
                }
                records.add(fields);
                text.append(LogLines.csv(fields)).append(eol);
            }
            if (random.nextInt(4) == 0) {
                text.setLength(text.length() - eol.length()); // last line without a line break
            }
            byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(tokenize(b, random, vector)).as("round %d: %s", round, text).isEqualTo(records);
        }
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {true, false})
    void anUnterminatedQuoteEndsAtALineThatStartsANewRecord(boolean vector) {
        byte[] b = "a,\"b,c\r\n2026-10-01T08:00:00.000Z,d\r\n".getBytes(StandardCharsets.UTF_8);
        CsvTokenizer t = new CsvTokenizer(vector);

        int next = t.parse(b, 0, b.length, true);

        assertThat(t.error()).isEqualTo("unterminated quoted field 1 (the next line starts a new record)");
        assertThat(new String(b, next, 4, StandardCharsets.UTF_8)).isEqualTo("2026");
        assertThat(t.parse(b, next, b.length, true)).isEqualTo(b.length);
        assertThat(t.count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {true, false})
    void aQuoteMustBeFollowedByADelimiter(boolean vector) {
        byte[] b = "\"a\"b,c\nd\n".getBytes(StandardCharsets.UTF_8);
        CsvTokenizer t = new CsvTokenizer(vector);

        int next = t.parse(b, 0, b.length, true);

        assertThat(t.error()).isEqualTo("unexpected character 'b' after a closing quote in field 1");
        assertThat(next).isEqualTo(7);
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {true, false})
    void findsEveryDelimiterWhereverItFallsInTheScannedBlocks(boolean vector) {
        // The scanner takes 64 bytes, then 8, then 1 at a time: put each delimiter kind at every offset
        // of two blocks, from every start offset of a word, and read the buffer cut right after the line.
        for (String eol : new String[] {"\n", "\r\n"}) {
            for (int start = 0; start < 8; start++) {
                for (int at = 0; at < 140; at++) {
                    List<String> fields = List.of("a".repeat(at), "\"q,\"\"x\"\"\"", "b".repeat(140 - at), "", "c");
                    String line = ".".repeat(start) + String.join(",", fields) + eol;
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    CsvTokenizer t = new CsvTokenizer(vector);

                    int next = t.parse(b, start, b.length, false);

                    assertThat(next).as("eol %s start %d at %d", eol.length(), start, at).isEqualTo(b.length);
                    assertThat(t.error()).isNull();
                    assertThat(t.count()).isEqualTo(5);
                    assertThat(t.end(0) - t.start(0)).isEqualTo(at);
                    assertThat(new String(b, t.start(1), t.end(1) - t.start(1), StandardCharsets.UTF_8)).isEqualTo("q,\"\"x\"\"");
                    assertThat(t.escaped(1)).isTrue();
                    assertThat(t.end(2) - t.start(2)).isEqualTo(140 - at);
                    assertThat(t.end(3)).isEqualTo(t.start(3));
                    assertThat(new String(b, t.start(4), t.end(4) - t.start(4), StandardCharsets.UTF_8)).isEqualTo("c");
                    assertThat(t.parse(b, start, b.length - 1, false)).as("cut before the line feed").isEqualTo(CsvTokenizer.NEED_MORE);
                }
            }
        }
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {true, false})
    void findsTheEndOfALongQuotedFieldWhereverItsQuotesFall(boolean vector) {
        // a quoted field longer than a block, with a doubled quote or a line break at every offset of it
        for (String inside : new String[] {"\"\"", "\n", "\r\n"}) {
            for (int at = 0; at < 150; at++) {
                String value = "q".repeat(at) + inside + "r".repeat(150 - at);
                // (a line break inside quotes is judged by the 11 bytes after it: a record's date-time or not)
                String line = "a,\"" + value + "\",bbbbbbbbbbbb\r\n";
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                CsvTokenizer t = new CsvTokenizer(vector);

                int next = t.parse(b, 0, b.length, false);

                assertThat(next).as("%s at %d", inside.length(), at).isEqualTo(b.length);
                assertThat(t.error()).isNull();
                assertThat(t.count()).isEqualTo(3);
                assertThat(new String(b, t.start(1), t.end(1) - t.start(1), StandardCharsets.UTF_8)).isEqualTo(value);
                assertThat(t.escaped(1)).isEqualTo(inside.equals("\"\""));
            }
        }
    }

    /** Tokenizes as the reader does: from a buffer cut at random points, asking for more when told to. */
    private static List<List<String>> tokenize(byte[] b, SplittableRandom random, boolean vector) {
        CsvTokenizer t = new CsvTokenizer(vector);
        List<List<String>> out = new ArrayList<>();
        int pos = 0;
        int limit = Math.min(b.length, random.nextInt(b.length + 1));
        while (pos < b.length) {
            int next = t.parse(b, pos, limit, limit == b.length);
            if (next == CsvTokenizer.NEED_MORE) {
                limit = Math.min(b.length, limit + 1 + random.nextInt(16));
                continue;
            }
            assertThat(t.error()).isNull();
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < t.count(); i++) {
                String v = new String(b, t.start(i), t.end(i) - t.start(i), StandardCharsets.UTF_8);
                fields.add(t.escaped(i) ? v.replace("\"\"", "\"") : v);
            }
            out.add(fields);
            pos = next;
            limit = Math.max(limit, pos);
        }
        return out;
    }

    private static String field(SplittableRandom random) {
        StringBuilder f = new StringBuilder();
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
        for (int i = 0; i < n; i++) {
            f.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return f.toString();
    }
}
