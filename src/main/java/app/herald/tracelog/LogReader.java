package app.herald.tracelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one message tracking log file through a {@link Sink}: header lines set the layout
 * (a later {@code #Fields:} line, written after a restart, replaces it), data lines are tokenized
 * in place and checked (field count, date-time), broken ones are reported and skipped. Reads in
 * 1 MB chunks, so memory does not grow with the file; BOM or not, CRLF or LF.
 */
final class LogReader {
    private static final int CHUNK = 1 << 20;
    private static final int MAX_RECORD = 16 << 20;

    /** What the reader hands out. The {@link RawRecord} is only valid during the call. */
    interface Sink {
        void record(RawRecord record);

        void malformed(long line, String reason);

        /** A {@code #Fields:} line at this byte offset sets the layout of the lines after it. */
        default void layout(long offset, ColumnMap columns) {
        }
    }

    private final CsvTokenizer tokens = new CsvTokenizer();
    private final RawRecord raw = new RawRecord();
    private final LogTimes.Parser times = new LogTimes.Parser();
    private byte[] buf = new byte[CHUNK];

    /** Reads the file's first {@code size} bytes (bytes appended after that are left for the next read). */
    void read(Path path, String name, long size, Sink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            new Pass(ch, name, size, sink, 0, Long.MAX_VALUE, null).run();
        }
    }

    /**
     * Where a part of a file was read: its first record's offset, the offset after its last record
     * (the first record boundary at or after the part's nominal end), the line breaks in between
     * (line numbers the sink saw count from 1 at {@code start}) and the layout in force at {@code end}.
     */
    record PartEnd(long start, long end, long lineBreaks, ColumnMap layout) {
    }

    /**
     * Reads the records that start in {@code [from, to)} of a file of {@code size} bytes, the last
     * one read to its end even past {@code to}. With {@code resync} the part starts at the first line
     * after {@code from} that looks like a record or header (a guess when quoted fields hold line
     * breaks, which {@link FileParts} checks against the previous part); without it {@code from} is
     * taken to be a record boundary. {@code layout} is the {@code #Fields} layout assumed at the start.
     */
    PartEnd readPart(Path path, String name, long size, long from, long to, ColumnMap layout, boolean resync, Sink sink)
            throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Pass pass = new Pass(ch, name, size, sink, resync ? from - 1 : from, to, layout);
            long start = pass.begin(resync);
            pass.loop();
            return new PartEnd(start, pass.at(), pass.line - 1, pass.header);
        }
    }

    /** The {@code #Fields} layout of the header lines a file starts with, or null when it has none. */
    static ColumnMap headLayout(Path path, long size) throws IOException {
        byte[] head = new byte[(int) Math.min(size, 64 << 10)];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer into = ByteBuffer.wrap(head);
            while (into.hasRemaining() && ch.read(into) > 0) {
                // read the whole head
            }
        }
        int p = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        ColumnMap found = null;
        while (p < head.length && head[p] == '#') {
            int e = p;
            while (e < head.length && head[e] != '\n') {
                e++;
            }
            String text = new String(head, p, (e > p && head[e - 1] == '\r' ? e - 1 : e) - p, StandardCharsets.UTF_8);
            if (text.regionMatches(true, 0, "#Fields:", 0, 8)) {
                found = ColumnMap.parseFields(text.substring(8));
            }
            p = e + 1;
        }
        return found;
    }

    private final class Pass {
        private final FileChannel ch;
        private final long size;
        private final Sink sink;
        private long base;
        private long read;
        private int pos;
        private int limit;
        private boolean eof;
        private final long to;
        private long line = 1;
        private ColumnMap header;

        Pass(FileChannel ch, String name, long size, Sink sink, long from, long to, ColumnMap header) throws IOException {
            this.ch = ch;
            this.size = size;
            this.sink = sink;
            this.to = to;
            this.header = header;
            this.base = from;
            this.read = from;
            ch.position(from);
            raw.file = name;
            raw.tokens = tokens;
        }

        void run() throws IOException {
            begin(false);
            loop();
        }

        long at() {
            return base + pos;
        }

        /** Fills the buffer and steps over a BOM, or with {@code resync} to the start of the next record-like line. */
        long begin(boolean resync) throws IOException {
            fill();
            if (base == 0 && limit >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
            while (resync && (pos < limit || !eof)) {
                int i = pos;
                while (i < limit && buf[i] != '\n') {
                    i++;
                }
                if (i >= limit) {
                    pos = limit;
                    fill();
                    continue;
                }
                pos = i + 1;
                if (pos + 11 > limit && !eof) {
                    fill();
                }
                if (CsvTokenizer.looksLikeRecordStart(buf, pos, limit, eof) == 1) {
                    break;
                }
            }
            return at();
        }

        void loop() throws IOException {
            while ((pos < limit || !eof) && base + pos < to) {
                if (pos >= limit) {
                    fill();
                    continue;
                }
                int next = buf[pos] == '#' ? headerLine() : dataLine();
                if (next == CsvTokenizer.NEED_MORE) {
                    if (eof) {
                        throw new IllegalStateException("tokenizer asked for more input at the end of the file");
                    }
                    fill();
                    continue;
                }
                pos = next;
            }
        }

        private int headerLine() {
            int i = pos;
            while (i < limit && buf[i] != '\n') {
                i++;
            }
            if (i >= limit && !eof) {
                return CsvTokenizer.NEED_MORE;
            }
            int e = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
            String text = new String(buf, pos, e - pos, StandardCharsets.UTF_8);
            if (text.regionMatches(true, 0, "#Fields:", 0, 8)) {
                header = ColumnMap.parseFields(text.substring(8));
                sink.layout(base + pos, header);
            }
            line++;
            return i < limit ? i + 1 : limit;
        }

        private int dataLine() {
            int next = tokens.parse(buf, pos, limit, eof);
            if (next == CsvTokenizer.NEED_MORE) {
                return next;
            }
            long at = line;
            line += tokens.lineBreaks();
            if (tokens.error() != null) {
                sink.malformed(at, tokens.error() + lastLineNote(next));
                return next;
            }
            if (tokens.count() == 1 && tokens.end(0) == tokens.start(0)) {
                return next;
            }
            ColumnMap columns = header != null ? header : ColumnMap.byColumnCount(tokens.count()).orElse(null);
            if (columns == null) {
                sink.malformed(at, tokens.count() + " fields, and without a #Fields line only Exchange's layouts of 26, 27 or 30 fields are known"
                        + lastLineNote(next));
            } else if (columns.size() != tokens.count()) {
                sink.malformed(at, "expected " + columns.size() + " fields as the #Fields line says, found " + tokens.count() + lastLineNote(next));
            } else if (!columns.has(RecordField.DATE_TIME)) {
                sink.malformed(at, "the #Fields line has no date-time column");
            } else {
                emit(columns, at, next);
            }
            return next;
        }

        /** A broken last line without a line break was cut short, or is still being written by the writer. */
        private String lastLineNote(int next) {
            return eof && next == limit && limit > 0 && buf[limit - 1] != '\n'
                    ? " (the last line, without a line break: cut short, or still being written)" : "";
        }

        private void emit(ColumnMap columns, long at, int next) {
            int c = columns.column(RecordField.DATE_TIME);
            long time = times.parse(buf, tokens.start(c), tokens.end(c));
            if (time == LogTimes.INVALID) {
                String value = new String(buf, tokens.start(c), Math.min(40, tokens.end(c) - tokens.start(c)), StandardCharsets.UTF_8);
                sink.malformed(at, "bad date-time '" + value + "', expected yyyy-MM-ddTHH:mm:ss.fffZ");
                return;
            }
            raw.buf = buf;
            raw.columns = columns;
            raw.offset = base + pos;
            raw.line = at;
            raw.time = time;
            sink.record(raw);
        }

        /** Keeps the unread bytes, reads more behind them, and grows the buffer for a record longer than it. */
        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                base += pos;
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length && buf.length >= MAX_RECORD) {
                // Not a tracking log line; drop it rather than stop the search.
                sink.malformed(line, "a record longer than " + (MAX_RECORD >> 20) + " MB; skipped up to the next line");
                skipToNextLine();
            }
            if (limit == buf.length) {
                byte[] bigger = new byte[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
            }
            while (limit < buf.length && read < size) {
                int want = (int) Math.min(buf.length - limit, size - read);
                int n = ch.read(ByteBuffer.wrap(buf, limit, want));
                if (n < 0) {
                    break;
                }
                limit += n;
                read += n;
            }
            eof = read >= size || limit < buf.length;
        }

        private void skipToNextLine() throws IOException {
            while (true) {
                for (int i = 0; i < limit; i++) {
                    if (buf[i] == '\n') {
                        pos = i + 1;
                        line++;
                        System.arraycopy(buf, pos, buf, 0, limit - pos);
                        base += pos;
                        limit -= pos;
                        pos = 0;
                        return;
                    }
                }
                base += limit;
                limit = 0;
                int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size - read)));
                if (n <= 0) {
                    return;
                }
                limit = n;
                read += n;
            }
        }
    }
}
