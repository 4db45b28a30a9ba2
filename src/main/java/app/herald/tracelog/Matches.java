package app.herald.tracelog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The earliest matches one search worker has seen, at most {@code limit + 1} of them (one more
 * than asked, to know whether more are available). Records arrive in any order; a record that
 * cannot be among the earliest is refused before it is decoded.
 */
final class Matches {
    /** Time order; ties by file order, then position in the file. */
    record Match(long time, int file, long offset, LogRecord record) {
    }

    /** Written out for the CLI's sake, see {@code LogFiles.ORDER}. */
    static final Comparator<Match> ORDER = Matches::compare;

    private final long capacity;
    private final PriorityQueue<Match> latestFirst = new PriorityQueue<>((a, b) -> compare(b, a));
    private final List<Match> all = new ArrayList<>();

    Matches(int limit) {
        this.capacity = limit == SearchQuery.UNLIMITED ? Long.MAX_VALUE : limit + 1L;
    }

    private static int compare(Match a, Match b) {
        return compare(a.time(), a.file(), a.offset(), b);
    }

    private static int compare(long time, int file, long offset, Match b) {
        int c = Long.compare(time, b.time());
        if (c == 0) {
            c = Integer.compare(file, b.file());
        }
        return c != 0 ? c : Long.compare(offset, b.offset());
    }

    /** Whether a record with this key would be kept. */
    boolean accepts(long time, int file, long offset) {
        if (capacity == Long.MAX_VALUE || latestFirst.size() < capacity) {
            return true;
        }
        return compare(time, file, offset, latestFirst.peek()) < 0;
    }

    void add(Match m) {
        if (capacity == Long.MAX_VALUE) {
            all.add(m);
            return;
        }
        latestFirst.add(m);
        if (latestFirst.size() > capacity) {
            latestFirst.poll();
        }
    }

    List<Match> list() {
        return capacity == Long.MAX_VALUE ? all : new ArrayList<>(latestFirst);
    }
}
