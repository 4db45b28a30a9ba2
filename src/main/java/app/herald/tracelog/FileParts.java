package app.herald.tracelog;

import app.herald.tracelog.LogFiles.LogFile;
import app.herald.tracelog.Matches.Match;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One large file read by several workers at once. The file is cut into parts at fixed offsets;
 * every part but the first guesses where its first record starts (the first line after the cut
 * that looks like a record or header), reads the records that start before its end, and reads the
 * last of them to its end. A guess can be wrong only inside a quoted field holding line breaks, so
 * it is checked once every part is read: the part before ends exactly at the first true record
 * boundary at or after the cut, and a part that started elsewhere, or assumed another
 * {@code #Fields} layout than the one in force there, is read again from that boundary. Line
 * numbers count from each part's start and are shifted when the parts are put together.
 */
final class FileParts {
    /** Parts are about this long; a file is split only when it has at least two. */
    static final long PART_SIZE = 16L << 20;

    final LogFile file;
    final int order;
    final List<Part> parts;

    /** What one part read; its lines count from 1 at its start. */
    static final class Part {
        final FileParts of;
        final int index;
        final long from;
        final long to;
        ColumnMap layout;
        LogReader.PartEnd end;
        Matches matches;
        List<MalformedLine> malformed;

        Part(FileParts of, int index, long from, long to, ColumnMap layout) {
            this.of = of;
            this.index = index;
            this.from = from;
            this.to = to;
            this.layout = layout;
        }
    }

    private FileParts(LogFile file, int order, long partSize, ColumnMap headLayout) {
        this.file = file;
        this.order = order;
        int n = (int) Math.max(1, (file.size() + partSize - 1) / partSize);
        List<Part> ps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long from = k * file.size() / n;
            long to = k == n - 1 ? file.size() : (k + 1) * file.size() / n;
            ps.add(new Part(this, k, from, to, k == 0 ? null : headLayout));
        }
        this.parts = List.copyOf(ps);
    }

    /** The parts of a file at least twice {@code partSize} long, or null for a file read whole. */
    static FileParts split(LogFile file, int order, long partSize) throws IOException {
        if (file.size() < 2 * partSize) {
            return null;
        }
        return new FileParts(file, order, partSize, LogReader.headLayout(file.path(), file.size()));
    }

    /** Reads again, in order, every part whose guessed start or layout the part before contradicts. */
    void check(FileSearch reader) throws IOException {
        for (int k = 1; k < parts.size(); k++) {
            Part before = parts.get(k - 1);
            Part p = parts.get(k);
            if (p.end.start() != before.end.end() || !sameLayout(p.layout, before.end.layout())) {
                p.layout = before.end.layout();
                reader.readPart(p, before.end.end(), false);
            }
        }
    }

    private static boolean sameLayout(ColumnMap a, ColumnMap b) {
        return a == null ? b == null : b != null && a.names().equals(b.names());
    }

    /** The parts' matches and malformed lines, lines counted from the top of the file. */
    void collect(List<Match> matches, List<MalformedLine> malformed) {
        long before = 0;
        for (Part p : parts) {
            for (Match m : p.matches.list()) {
                LogRecord r = m.record();
                matches.add(new Match(m.time(), m.file(), m.offset(),
                        new LogRecord(r.file(), r.line() + before, r.offset(), r.timestamp(), r.fields())));
            }
            for (MalformedLine m : p.malformed) {
                // line 0 is about the file as a whole (it could not be read), not a line of it
                malformed.add(new MalformedLine(m.file(), m.line() == 0 ? 0 : m.line() + before, m.reason()));
            }
            // after check() each part starts where the one before ended, so no line is left out
            before += p.end.lineBreaks();
        }
    }
}
