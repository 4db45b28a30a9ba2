package app.herald.tracelog;

import app.herald.tracelog.LogFiles.LogFile;
import app.herald.tracelog.Matches.Match;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Get-MessageTrackingLog over one directory of message tracking logs, Herald's own or another
 * server's. Files are searched in parallel, one worker per core, each file through its sidecar
 * index when it has a valid one, else by a full scan (which builds the index for next time);
 * results are merged in time order.
 */
public final class LogSearch {
    private final Path dir;
    private final LogIndex index;
    private final boolean useIndex;
    private final long partSize;

    /** Searches with sidecar indexes, building them where missing. */
    public LogSearch(Path dir) {
        this(dir, true);
    }

    /** {@code useIndex} false reads every file in full and writes nothing (e.g. a first look at foreign logs). */
    public LogSearch(Path dir, boolean useIndex) {
        this(dir, useIndex, FileParts.PART_SIZE);
    }

    /** {@code partSize}: a file read without building its index is split into parts about this long (tests use small ones). */
    LogSearch(Path dir, boolean useIndex, long partSize) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.index = new LogIndex(dir);
        this.useIndex = useIndex;
        this.partSize = partSize;
    }

    public Path directory() {
        return dir;
    }

    public SearchResult search(SearchQuery query) {
        return search(Criteria.of(query), query.resultSize());
    }

    SearchResult search(Criteria criteria, int limit) {
        List<LogFile> files = LogFiles.list(dir);
        if (useIndex) {
            index.removeOrphans(files);
        }
        List<Task> tasks = plan(files);
        int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), tasks.size()));
        List<FileSearch> searches = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            searches.add(new FileSearch(criteria, limit, index, useIndex));
        }
        run(tasks, searches);
        if (useIndex) {
            index.saveCatalog();
        }
        List<FileParts> split = new ArrayList<>();
        for (Task t : tasks) {
            if (t.part() != null && t.part().index == 0) {
                split.add(t.part().of);
            }
        }
        for (FileParts p : split) {
            try {
                p.check(searches.get(0));
            } catch (IOException e) {
                searches.get(0).malformed.add(new MalformedLine(p.file.name(), 0, "cannot read the file: " + e.getMessage()));
            }
        }
        return merge(files, searches, split, limit);
    }

    /** A file to search, or with {@code part} one part of a file split for parallel reading. */
    private record Task(LogFile file, int order, Optional<LogIndex.Summary> index, FileParts.Part part) {
    }

    /**
     * Indexed files first, earliest first, so the result fills early and later files can be skipped
     * on their index's time range alone; then the files to scan, largest first, to balance workers.
     */
    private List<Task> plan(List<LogFile> files) {
        List<Task> indexed = new ArrayList<>();
        List<Task> scan = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            LogFile f = files.get(i);
            int fileOrder = i;
            Optional<LogIndex.Summary> idx = useIndex ? index.summary(f) : Optional.empty();
            // A file whose index is to be built is read whole, in order; one read without is split.
            FileParts parts = idx.isEmpty() && !(useIndex && index.writable()) ? split(f, i) : null;
            if (parts != null) {
                parts.parts.forEach(p -> scan.add(new Task(f, fileOrder, idx, p)));
            } else {
                (idx.isPresent() ? indexed : scan).add(new Task(f, i, idx, null));
            }
        }
        // comparators written out for the CLI's sake, see LogFiles.ORDER
        indexed.sort((a, b) -> Long.compare(a.index().orElseThrow().minTime(), b.index().orElseThrow().minTime()));
        scan.sort((a, b) -> Long.compare(length(b), length(a)));
        indexed.addAll(scan);
        return indexed;
    }

    private FileParts split(LogFile f, int order) {
        try {
            return FileParts.split(f, order, partSize);
        } catch (IOException e) {
            return null; // read whole, where the error is reported with the file's name
        }
    }

    private static long length(Task t) {
        return t.part() == null ? t.file().size() : t.part().to - t.part().from;
    }

    private static void run(List<Task> tasks, List<FileSearch> searches) {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (FileSearch s : searches.subList(1, searches.size())) {
            threads.add(Thread.ofPlatform().name("tracelog-search").start(() -> work(tasks, next, s, failure)));
        }
        work(tasks, next, searches.get(0), failure);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceLogException("message tracking log search interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void work(List<Task> tasks, AtomicInteger next, FileSearch search, RuntimeException[] failure) {
        try {
            for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                Task t = tasks.get(i);
                if (t.part() != null) {
                    search.searchPart(t.part());
                } else {
                    search.search(t.file(), t.order(), t.index());
                }
            }
        } catch (RuntimeException e) {
            synchronized (failure) {
                failure[0] = e;
            }
            next.set(tasks.size());
        }
    }

    private static SearchResult merge(List<LogFile> files, List<FileSearch> searches, List<FileParts> split, int limit) {
        List<Match> all = new ArrayList<>();
        List<MalformedLine> malformed = new ArrayList<>();
        split.forEach(p -> p.collect(all, malformed));
        int scanned = 0;
        int indexed = 0;
        int skipped = 0;
        long bytes = 0;
        for (FileSearch s : searches) {
            all.addAll(s.matches.list());
            malformed.addAll(s.malformed);
            scanned += s.scanned;
            indexed += s.indexed;
            skipped += s.skipped;
            bytes += s.bytesScanned;
        }
        all.sort(Matches.ORDER);
        Map<String, Integer> fileOrder = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOrder.put(files.get(i).name(), i);
        }
        malformed.sort((a, b) -> {
            int c = Integer.compare(fileOrder.getOrDefault(a.file(), -1), fileOrder.getOrDefault(b.file(), -1));
            return c != 0 ? c : Long.compare(a.line(), b.line());
        });
        boolean more = all.size() > limit;
        List<LogRecord> records = new ArrayList<>(Math.min(all.size(), limit));
        for (int i = 0; i < all.size() && i < limit; i++) {
            records.add(all.get(i).record());
        }
        return new SearchResult(records, more, malformed, new SearchResult.Stats(files.size(), scanned, indexed, skipped, bytes));
    }
}
