package app.herald.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.audience.CsvRecords.Broken;
import app.herald.audience.CsvRecords.Fields;
import app.herald.audience.CsvRecords.Record;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void keepsDelimitersQuotesAndLineBreaksInsideQuotedFields() throws IOException {
        List<Record> records = read("email,note\na@x.com,\"one, two \"\"three\"\"\nfour\"\nb@x.com,plain\n");
        assertThat(records).containsExactly(
                new Fields(1, List.of("email", "note")),
                new Fields(2, List.of("a@x.com", "one, two \"three\"\nfour")),
                new Fields(4, List.of("b@x.com", "plain")));
    }

    @Test
    void numbersRecordsByThePhysicalLineTheyStartOn() throws IOException {
        List<Record> records = read("email,note\n\na@x.com,\"1\n2\n3\"\n\nb@x.com,x\nc@x.com,\"\"\n");
        assertThat(records).extracting(Record::line).containsExactly(1L, 3L, 7L, 8L);
    }

    @Test
    void takesSemicolonAsDelimiterWhenTheHeaderHasMoreSemicolonsThanCommas() throws IOException {
        CsvRecords records = CsvRecords.open(lines("\"last, first\";email;company\n"));
        assertThat(records.delimiter()).isEqualTo(';');
        assertThat(records.next()).isEqualTo(new Fields(1, List.of("last, first", "email", "company")));
    }

    @Test
    void takesDelimiterFromExcelSepLine() throws IOException {
        CsvRecords records = CsvRecords.open(lines("sep=;\nemail,name;company\n"));
        assertThat(records.delimiter()).isEqualTo(';');
        assertThat(records.next()).isEqualTo(new Fields(2, List.of("email,name", "company")));
    }

    @Test
    void takesCommaAsDelimiterByDefault() {
        assertThat(CsvRecords.detectDelimiter("email")).isEqualTo(',');
        assertThat(CsvRecords.detectDelimiter("email,name;x")).isEqualTo(',');
        assertThat(CsvRecords.detectDelimiter("\"a;b;c\",email")).isEqualTo(',');
    }

    @Test
    void acceptsCrLfAndLoneCrLineEndings() throws IOException {
        List<Record> records = read("email,n\r\na@x.com,\"x\r\ny\"\r\nb@x.com,z\rc@x.com,w");
        assertThat(records).containsExactly(
                new Fields(1, List.of("email", "n")),
                new Fields(2, List.of("a@x.com", "x\ny")),
                new Fields(4, List.of("b@x.com", "z")),
                new Fields(5, List.of("c@x.com", "w")));
    }

    @Test
    void skipsUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "email\na@x.com\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        assertThat(read(all)).containsExactly(new Fields(1, List.of("email")), new Fields(2, List.of("a@x.com")));
    }

    @Test
    void refusesUtf16() {
        byte[] utf16 = "email\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[utf16.length + 2];
        all[0] = (byte) 0xFF;
        all[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, all, 2, utf16.length);
        assertThatThrownBy(() -> read(all)).isInstanceOf(InvalidInputException.class).hasMessageContaining("UTF-16");
    }

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> read("\n  \n")).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    }

    @Test
    void reportsCharacterAfterClosingQuoteAndReadsTheNextLine() throws IOException {
        List<Record> records = read("email,name\na@x.com,\"Bob\"by\nb@x.com,Carl\n");
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).contains("broken quoting").contains("'b'").contains("field 2");
        });
        assertThat(records.get(2)).isEqualTo(new Fields(3, List.of("b@x.com", "Carl")));
    }

    @Test
    void reportsQuoteLeftOpenAtTheEndOfTheFileAndReadsTheLinesItSwallowed() throws IOException {
        List<Record> records = read("email,name\na@x.com,\"Bob\nb@x.com,Carl\nc@x.com,Dan");
        assertThat(records).hasSize(4);
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).contains("not closed before the end of the file");
        });
        assertThat(records.subList(2, 4)).containsExactly(
                new Fields(3, List.of("b@x.com", "Carl")), new Fields(4, List.of("c@x.com", "Dan")));
    }

    @Test
    void reportsQuoteLeftOpenThatRunsIntoALaterQuotedFieldAndReadsTheLinesItSwallowed() throws IOException {
        List<Record> records = read("email,name\na@x.com,\"Bob\nb@x.com,Carl\nc@x.com,\"Dan\"\nd@x.com,Eve\n");
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> assertThat(b.line()).isEqualTo(2));
        assertThat(records.subList(2, records.size())).containsExactly(
                new Fields(3, List.of("b@x.com", "Carl")),
                new Fields(4, List.of("c@x.com", "Dan")),
                new Fields(5, List.of("d@x.com", "Eve")));
    }

    @Test
    void reportsMultiLineRecordWithWrongFieldCountAsBrokenQuoting() throws IOException {
        List<Record> records = read("email,name\na@x.com,\"Bob\n\",x\nb@x.com,Carl\n");
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).contains("broken quoting").contains("line 3").contains("3 fields");
        });
        // line 3 is read again on its own: it opens a quote that the end of the file leaves open
        assertThat(records.get(2)).isInstanceOfSatisfying(Broken.class, b -> assertThat(b.line()).isEqualTo(3));
        assertThat(records.get(3)).isEqualTo(new Fields(4, List.of("b@x.com", "Carl")));
    }

    @Test
    void givesUpOnAQuotedFieldAfterOneHundredLines() throws IOException {
        StringBuilder csv = new StringBuilder("email,name\na@x.com,\"never closed\n");
        for (int i = 0; i < 150; i++) {
            csv.append("r").append(i).append("@x.com,R\n");
        }
        List<Record> records = read(csv.toString());
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).contains("not closed within 100 lines");
        });
        assertThat(records).hasSize(2 + 150);
        assertThat(records.getLast()).isEqualTo(new Fields(152, List.of("r149@x.com", "R")));
    }

    @Test
    void reportsWrongNumberOfFieldsOnOneLine() throws IOException {
        List<Record> records = read("email,name\na@x.com,Bob,extra\nb@x.com\nc@x.com,Carl\n");
        assertThat(records.subList(1, 4)).containsExactly(
                new Broken(2, "has 3 fields but the header has 2"),
                new Broken(3, "has 1 field but the header has 2"),
                new Fields(4, List.of("c@x.com", "Carl")));
    }

    @Test
    void reportsLineThatIsNotUtf8AndReadsTheNext() throws IOException {
        byte[] latin1 = "email,name\na@x.com,Jos\u00e9\nb@x.com,Ana\n".getBytes(StandardCharsets.ISO_8859_1);
        List<Record> records = read(latin1);
        assertThat(records.get(1)).isInstanceOfSatisfying(Broken.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).contains("not valid UTF-8");
        });
        assertThat(records.get(2)).isEqualTo(new Fields(3, List.of("b@x.com", "Ana")));
    }

    @Test
    void skipsBlankLinesAndRowsOfEmptyFields() throws IOException {
        List<Record> records = read("email;name\n\na@x.com;A\n;\n  ;  \n");
        assertThat(records).containsExactly(new Fields(1, List.of("email", "name")), new Fields(3, List.of("a@x.com", "A")));
    }

    @Test
    void ignoresSpacesAroundQuotedFieldsAndTakesQuotesInsideUnquotedFieldsLiterally() throws IOException {
        List<Record> records = read("email,size\n  \"a@x.com\" , 5\" screen\n");
        assertThat(records.get(1)).isEqualTo(new Fields(2, List.of("a@x.com", " 5\" screen")));
    }

    private static List<Record> read(String csv) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Record> read(byte[] csv) throws IOException {
        CsvRecords records = CsvRecords.open(new PhysicalLines(new ByteArrayInputStream(csv)));
        List<Record> all = new ArrayList<>();
        Record header = records.next();
        all.add(header);
        if (header instanceof Fields f) {
            records.expectFields(f.values().size());
        }
        for (Record r = records.next(); r != null; r = records.next()) {
            all.add(r);
        }
        return all;
    }

    private static PhysicalLines lines(String csv) {
        return new PhysicalLines(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }
}
