package app.herald.tracelog;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * In-process timings for bench/tracelog-search.sh, as a running Herald answers the API (no JVM
 * start): {@code TraceBench DIR scan|index|first sender|message-id VALUE [RUNS]}. "first" times
 * one search of a directory never searched before (it builds the indexes); "scan" reads every
 * file without indexes; "index" searches with indexes already built, through one {@link LogSearch}
 * as a running Herald keeps one. Prints the median wall time and the median CPU time of the whole
 * process per search (all its threads: the workers, the compiler, the collector), which moves far
 * less with the machine's load than the wall time.
 */
final class TraceBench {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        SearchQuery.Builder b = SearchQuery.builder();
        switch (args[2]) {
            case "sender" -> b.sender(args[3]);
            case "message-id" -> b.messageId(args[3]);
            default -> throw new IllegalArgumentException("sender or message-id, got " + args[2]);
        }
        SearchQuery q = b.build();
        int runs = mode.equals("first") ? 1 : args.length > 4 ? Integer.parseInt(args[4]) : 5;
        // One LogSearch for all runs, as a running Herald keeps one (with its open indexes).
        LogSearch search = new LogSearch(dir, !mode.equals("scan"));
        if (!mode.equals("first")) {
            search.search(q); // warm-up (and index build for "index")
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        SearchResult last = null;
        for (int i = 0; i < runs; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            last = search.search(q);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        SearchResult.Stats s = last.stats();
        System.out.printf(Locale.ROOT, "%s %s=%s: median %.1f ms (min %.1f, max %.1f) over %d runs, CPU %.0f ms; %d records%s; files %d: scanned %d (%.0f MB), indexed %d, skipped %d%n",
                mode, args[2], args[3], ms[runs / 2], ms[0], ms[runs - 1], runs, cpu[runs / 2], last.records().size(),
                last.moreAvailable() ? " (more available)" : "", s.files(), s.scanned(), s.bytesScanned() / 1e6, s.indexed(), s.skipped());
    }
}
