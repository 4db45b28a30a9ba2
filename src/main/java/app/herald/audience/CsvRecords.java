package app.herald.audience;

import app.herald.InvalidInputException;
import app.herald.audience.PhysicalLines.Line;
import app.herald.audience.PhysicalLines.Text;
import app.herald.audience.PhysicalLines.Unreadable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits physical lines into CSV records: fields separated by the delimiter, optionally enclosed
 * in double quotes, a quote inside a quoted field doubled, delimiters and line breaks allowed inside
 * quotes (RFC 4180). A record is numbered by the line it starts on.
 *
 * <p>An import must report a bad row and carry on, which is why this is not FastCSV: after a
 * parse error FastCSV 4 throws the same error again for every later record, and an unclosed quote
 * makes it return the rest of the file as one field. Here, a broken record that spans several
 * lines (a character after a closing quote, the wrong number of fields, no closing quote within
 * {@link #MAX_RECORD_LINES} lines, {@link #MAX_RECORD_CHARS} characters or before the end of the
 * file) is taken for an unclosed quote that swallowed the lines after it: it is reported on its
 * first line, and the lines after that are read again as records of their own. A broken record on
 * one line is reported alone.
 *
 * <p>Lenient where spreadsheets and hand edits need it: a quote inside an unquoted field is a
 * literal ({@code 5" screen}); spaces around a quoted field are ignored; blank lines and records
 * whose fields are all blank ({@code ;;;;} rows that spreadsheets leave) are skipped.
 */
final class CsvRecords {
    static final int MAX_RECORD_LINES = 100;
    static final int MAX_RECORD_CHARS = 1 << 20;

    sealed interface Record permits Fields, Broken {
        long line();
    }

    record Fields(long line, List<String> values) implements Record {
    }

    record Broken(long line, String reason) implements Record {
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, CLOSING_QUOTE, AFTER_QUOTED }

    private final PhysicalLines lines;
    private final char delimiter;
    private final Deque<Line> reread = new ArrayDeque<>();
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private State state;
    private int expectedFields = -1;

    private CsvRecords(PhysicalLines lines, char delimiter) {
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /**
     * Starts reading, taking the delimiter from the first non-blank line (the header): a semicolon
     * when it has more semicolons than commas outside quotes, else a comma. A first line such as
     * {@code sep=;}, which Excel writes and reads, names the delimiter instead and is skipped.
     */
    static CsvRecords open(PhysicalLines lines) throws IOException {
        Text first = firstNonBlank(lines);
        String text = first.text().strip();
        if (text.length() == 5 && text.regionMatches(true, 0, "sep=", 0, 4) && text.charAt(4) != '"') {
            return new CsvRecords(lines, text.charAt(4));
        }
        CsvRecords records = new CsvRecords(lines, detectDelimiter(first.text()));
        records.reread.add(first);
        return records;
    }

    private static Text firstNonBlank(PhysicalLines lines) throws IOException {
        while (true) {
            Line line = lines.next();
            switch (line) {
                case null -> throw new InvalidInputException(
                        "the CSV file is empty: its first line must be a header naming the columns, e.g. email,first_name,last_name");
                case Unreadable u -> throw new InvalidInputException("the CSV header (line " + u.number() + ") " + u.problem());
                case Text t -> {
                    if (!t.text().isBlank()) {
                        return t;
                    }
                }
            }
        }
    }

    static char detectDelimiter(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    char delimiter() {
        return delimiter;
    }

    /** From now on a record with another number of fields is rejected (the header's count). */
    void expectFields(int count) {
        expectedFields = count;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        while (true) {
            Line first = nextLine();
            if (first == null) {
                return null;
            }
            switch (first) {
                case Unreadable u -> {
                    return new Broken(u.number(), "line " + u.problem());
                }
                case Text t -> {
                    if (!t.text().isBlank()) {
                        Record r = read(t);
                        if (r != null) {
                            return r;
                        }
                    }
                }
            }
        }
    }

    /** The record starting on {@code first}, or null when all its fields are blank. */
    private Record read(Text first) throws IOException {
        fields.clear();
        field.setLength(0);
        state = State.FIELD_START;
        List<Line> continuation = List.of();
        long chars = first.text().length();
        String problem = feed(first.text());
        while (problem == null && state == State.QUOTED) {
            if (continuation.size() + 1 >= MAX_RECORD_LINES || chars > MAX_RECORD_CHARS) {
                problem = "broken quoting: the quoted field opened on this line is not closed within "
                        + (continuation.size() + 1) + " lines";
                break;
            }
            Line next = nextLine();
            if (next == null) {
                problem = "broken quoting: the quoted field opened on this line is not closed before the end of the file";
                break;
            }
            if (continuation.isEmpty()) {
                continuation = new ArrayList<>();
            }
            continuation.add(next);
            if (next instanceof Unreadable u) {
                problem = "broken quoting: the quoted field opened on this line runs into line " + u.number() + ", which " + u.problem();
                break;
            }
            String text = ((Text) next).text();
            chars += text.length();
            problem = feed(text);
        }
        if (problem == null && expectedFields >= 0 && fields.size() != expectedFields && !allBlank()) {
            problem = continuation.isEmpty()
                    ? "has " + fields(fields.size()) + " but the header has " + expectedFields
                    : "broken quoting: a quoted field runs from this line to line " + continuation.getLast().number()
                            + ", leaving " + fields(fields.size()) + " where the header has " + expectedFields;
        }
        if (problem != null) {
            for (int i = continuation.size() - 1; i >= 0; i--) {
                reread.addFirst(continuation.get(i));
            }
            return new Broken(first.number(), problem);
        }
        return allBlank() ? null : new Fields(first.number(), List.copyOf(fields));
    }

    /** Feeds one physical line to the record being read; returns a problem, or null. */
    private String feed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (state) {
                case FIELD_START -> {
                    if (c == '"') {
                        field.setLength(0); // spaces before an opening quote are not data
                        state = State.QUOTED;
                    } else if (c == delimiter) {
                        endField();
                    } else {
                        field.append(c);
                        if (c != ' ' && c != '\t') {
                            state = State.UNQUOTED;
                        }
                    }
                }
                case UNQUOTED -> {
                    if (c == delimiter) {
                        endField();
                    } else {
                        field.append(c);
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = State.CLOSING_QUOTE;
                    } else {
                        field.append(c);
                    }
                }
                case CLOSING_QUOTE, AFTER_QUOTED -> {
                    if (c == '"' && state == State.CLOSING_QUOTE) {
                        field.append('"');
                        state = State.QUOTED;
                    } else if (c == delimiter) {
                        endField();
                    } else if (c == ' ' || c == '\t') {
                        state = State.AFTER_QUOTED;
                    } else {
                        return "broken quoting: unexpected " + describe(c) + " after the closing quote of field " + (fields.size() + 1)
                                + " (a quote inside a quoted field must be doubled: \"\")";
                    }
                }
            }
        }
        if (state == State.QUOTED) {
            field.append('\n');
        } else {
            endField();
        }
        return null;
    }

    private void endField() {
        fields.add(field.toString());
        field.setLength(0);
        state = State.FIELD_START;
    }

    private boolean allBlank() {
        for (String f : fields) {
            if (!f.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private Line nextLine() throws IOException {
        return reread.isEmpty() ? lines.next() : reread.pollFirst();
    }

    private static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
    }

    private static String describe(char c) {
        return c == '"' ? "quote" : "character '" + c + "'";
    }
}
