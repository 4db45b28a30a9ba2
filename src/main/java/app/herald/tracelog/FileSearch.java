package app.herald.tracelog;

import app.herald.tracelog.LogFiles.LogFile;
import app.herald.tracelog.Matches.Match;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One search worker: searches the files it is given, one at a time, through the file's index when
 * it has a valid one and the question names an indexed field, otherwise by scanning the file (and
 * building its index on the way when the directory allows). Keeps its own matches and malformed
 * lines, so workers share nothing while they run.
 */
final class FileSearch {
    private final Criteria criteria;
    private final RecordFilter filter;
    private final LogIndex index;
    private final boolean buildIndex;
    private final int limit;
    private final LogReader reader = new LogReader();
    private final RecordAt recordAt = new RecordAt();
    final Matches matches;
    final List<MalformedLine> malformed = new ArrayList<>();
    int scanned;
    int indexed;
    int skipped;
    long bytesScanned;

    FileSearch(Criteria criteria, int limit, LogIndex index, boolean buildIndex) {
        this.criteria = criteria;
        this.filter = new RecordFilter(criteria);
        this.index = index;
        this.buildIndex = buildIndex;
        this.limit = limit;
        this.matches = new Matches(limit);
    }

    /** Reads one part of a split file (see {@link FileParts}) into the part's own results. */
    void searchPart(FileParts.Part p) {
        if (p.index == 0) {
            scanned++;
        }
        try {
            readPart(p, p.from, p.index > 0);
        } catch (IOException e) {
            // the part keeps what it read; check() rereads the next part from where this one stopped
            p.malformed.add(new MalformedLine(p.of.file.name(), 0, "cannot read the file: " + e.getMessage()));
        }
    }

    /** (Re)reads a part from {@code from}, replacing what it had. */
    void readPart(FileParts.Part p, long from, boolean resync) throws IOException {
        LogFile f = p.of.file;
        int order = p.of.order;
        Matches kept = new Matches(limit);
        List<MalformedLine> bad = new ArrayList<>();
        p.matches = kept;
        p.malformed = bad;
        p.end = new LogReader.PartEnd(from, from, 0, p.layout);
        LogReader.Sink sink = new LogReader.Sink() {
            @Override
            public void record(RawRecord r) {
                if (filter.matches(r) && kept.accepts(r.time, order, r.offset)) {
                    kept.add(new Match(r.time, order, r.offset, r.toRecord()));
                }
            }

            @Override
            public void malformed(long line, String reason) {
                bad.add(new MalformedLine(f.name(), line, reason));
            }
        };
        p.end = reader.readPart(f.path(), f.name(), f.size(), from, p.to, p.layout, resync, sink);
        bytesScanned += p.end.end() - p.end.start();
    }

    /**
     * Searches one file: through its index when the planner found a valid one ({@code summary})
     * and the question names an indexed field or the file's time range rules it out, else by a scan.
     * The index itself is opened only to look up records or to report malformed lines; when it is
     * gone since the summary was written, the file is scanned (and indexed) instead.
     */
    void search(LogFile f, int order, Optional<LogIndex.Summary> summary) {
        try {
            if (summary.isPresent()) {
                LogIndex.Summary s = summary.get();
                boolean outside = s.records() == 0 || s.maxTime() < criteria.start() || s.minTime() >= criteria.end()
                        || !matches.accepts(s.minTime(), order, 0);
                Optional<Map.Entry<IndexKey, Set<String>>> key = criteria.indexKey();
                if (outside || key.isPresent()) {
                    Optional<IndexFile> idx = outside && s.malformed() == 0 ? Optional.empty() : index.find(f);
                    if (idx.isEmpty() && !(outside && s.malformed() == 0)) {
                        scan(f, order, buildIndex && index.writable());
                        return;
                    }
                    // the file is not read: its malformed lines come from the index
                    idx.ifPresent(i -> i.malformed.forEach(m -> malformed.add(new MalformedLine(f.name(), m.line(), m.reason()))));
                    if (outside) {
                        skipped++;
                    } else {
                        indexed++;
                        lookUp(f, order, idx.get(), key.get().getKey(), key.get().getValue());
                    }
                    return;
                }
            }
            scan(f, order, summary.isEmpty() && buildIndex && index.writable());
        } catch (IOException e) {
            malformed.add(new MalformedLine(f.name(), 0, "cannot read the file: " + e.getMessage()));
        }
    }

    private void scan(LogFile f, int order, boolean build) throws IOException {
        scanned++;
        bytesScanned += f.size();
        LogReader.Sink sink = new LogReader.Sink() {
            @Override
            public void record(RawRecord r) {
                if (filter.matches(r) && matches.accepts(r.time, order, r.offset)) {
                    matches.add(new Match(r.time, order, r.offset, r.toRecord()));
                }
            }

            @Override
            public void malformed(long line, String reason) {
                malformed.add(new MalformedLine(f.name(), line, reason));
            }
        };
        if (!build) {
            reader.read(f.path(), f.name(), f.size(), sink);
            return;
        }
        IndexBuilder builder = new IndexBuilder(sink);
        reader.read(f.path(), f.name(), f.size(), builder);
        index.save(f, builder);
    }

    /** Reads the records the index points to, earliest first, until no later one could be kept. */
    private void lookUp(LogFile f, int order, IndexFile idx, IndexKey key, Set<String> values) throws IOException {
        int[] records = collect(idx, key, values);
        long[] keys = new long[records.length];
        int k = 0;
        for (int r : records) {
            long t = idx.time(r);
            if (t >= criteria.start() && t < criteria.end()) {
                keys[k++] = r;
            }
        }
        if (k == 0) {
            return;
        }
        long[] sorted = Arrays.copyOf(keys, k);
        sortByTime(idx, sorted);
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            for (long rl : sorted) {
                int r = (int) rl;
                long time = idx.time(r);
                long offset = idx.offset(r);
                if (!matches.accepts(time, order, offset)) {
                    break;
                }
                Optional<RawRecord> raw = recordAt.read(ch, f.size(), offset, idx.layoutAt(offset), f.name());
                if (raw.isEmpty()) {
                    continue;
                }
                RawRecord rec = raw.get();
                rec.time = time;
                rec.line = idx.line(r);
                if (filter.matches(rec)) {
                    matches.add(new Match(time, order, offset, rec.toRecord()));
                }
            }
        }
    }

    private static int[] collect(IndexFile idx, IndexKey key, Set<String> values) {
        LongList out = new LongList();
        for (String v : values) {
            idx.candidates(key, v, r -> out.add(r));
        }
        out.sort();
        int[] unique = new int[out.size()];
        int u = 0;
        for (int i = 0; i < out.size(); i++) {
            if (i == 0 || out.get(i) != out.get(i - 1)) {
                unique[u++] = (int) out.get(i);
            }
        }
        return Arrays.copyOf(unique, u);
    }

    /**
     * Sorts record numbers by (time, offset); record numbers follow the file, so offset order is
     * number order. A log is written in time order, so they usually are sorted already, which is
     * checked first: the comparator sort is costly in a JVM that has not compiled it yet (the CLI).
     */
    private static void sortByTime(IndexFile idx, long[] records) {
        boolean sorted = true;
        for (int i = 1; i < records.length && sorted; i++) {
            sorted = idx.time((int) records[i - 1]) <= idx.time((int) records[i]);
        }
        if (sorted) {
            return; // numbers are ascending (collect() sorted them), so equal times are in offset order
        }
        Long[] boxed = new Long[records.length];
        for (int i = 0; i < records.length; i++) {
            boxed[i] = records[i];
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(idx.time((int) (long) a), idx.time((int) (long) b));
            return c != 0 ? c : Long.compare(a, b);
        });
        for (int i = 0; i < records.length; i++) {
            records[i] = boxed[i];
        }
    }
}
