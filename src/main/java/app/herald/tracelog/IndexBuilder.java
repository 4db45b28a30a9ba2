package app.herald.tracelog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects a file's sidecar index while the file is scanned anyway: per record its time, offset
 * and line, and one entry (key hash, record number) per indexed value; the layouts and the
 * malformed lines too, so that a search through the index reports exactly what a scan would.
 * It passes everything on to the search's own sink.
 */
final class IndexBuilder implements LogReader.Sink {
    record Layout(long offset, List<String> names) {
        Layout {
            names = List.copyOf(Objects.requireNonNull(names, "names"));
        }
    }

    private final LogReader.Sink next;
    final LongList times = new LongList();
    final LongList offsets = new LongList();
    final LongList lines = new LongList();
    final LongList entries = new LongList();
    final List<Layout> layouts = new ArrayList<>();
    final List<MalformedLine> malformed = new ArrayList<>();
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;

    IndexBuilder(LogReader.Sink next) {
        this.next = next;
    }

    @Override
    public void record(RawRecord r) {
        long ordinal = times.size();
        times.add(r.time);
        offsets.add(r.offset);
        lines.add(r.line);
        minTime = Math.min(minTime, r.time);
        maxTime = Math.max(maxTime, r.time);
        single(r, IndexKey.SENDER, ordinal);
        single(r, IndexKey.MESSAGE_ID, ordinal);
        single(r, IndexKey.INTERNAL_MESSAGE_ID, ordinal);
        single(r, IndexKey.NETWORK_MESSAGE_ID, ordinal);
        recipients(r, ordinal);
        next.record(r);
    }

    @Override
    public void malformed(long line, String reason) {
        malformed.add(new MalformedLine("", line, reason));
        next.malformed(line, reason);
    }

    @Override
    public void layout(long offset, ColumnMap columns) {
        layouts.add(new Layout(offset, columns.names()));
        next.layout(offset, columns);
    }

    private void single(RawRecord r, IndexKey key, long ordinal) {
        int s = r.start(key.field);
        if (s < 0) {
            return;
        }
        if (r.escaped(key.field)) {
            add(key, key.hash(IndexKey.normalize(key.field, r.string(key.field))), ordinal);
            return;
        }
        byte[] b = r.buf;
        int e = r.end(key.field);
        while (s < e && b[s] == ' ') {
            s++;
        }
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        if (key == IndexKey.MESSAGE_ID && e - s >= 2 && b[s] == '<' && b[e - 1] == '>') {
            s++;
            e--;
        }
        if (e > s) {
            add(key, key.hash(b, s, e), ordinal);
        }
    }

    private void recipients(RawRecord r, long ordinal) {
        RecordField f = IndexKey.RECIPIENT.field;
        int s = r.start(f);
        if (s < 0) {
            return;
        }
        if (r.escaped(f)) {
            for (String part : LogRecord.split(r.string(f))) {
                add(IndexKey.RECIPIENT, IndexKey.RECIPIENT.hash(IndexKey.normalize(f, part)), ordinal);
            }
            return;
        }
        byte[] b = r.buf;
        int e = r.end(f);
        int p = s;
        while (p < e) {
            int q = p;
            while (q < e && b[q] != ';') {
                q++;
            }
            int a = p;
            int z = q;
            while (a < z && b[a] == ' ') {
                a++;
            }
            while (z > a && b[z - 1] == ' ') {
                z--;
            }
            if (z > a) {
                add(IndexKey.RECIPIENT, IndexKey.RECIPIENT.hash(b, a, z), ordinal);
            }
            p = q + 1;
        }
    }

    private void add(IndexKey key, int hash, long ordinal) {
        entries.add(((long) hash << 32) | ordinal);
    }
}
