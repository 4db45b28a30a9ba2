package app.herald.tracelog;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Sustained write rate of the tracking log, without JMH: producer threads build and record
 * realistic events (a SEND with relay, ids, reply and subject; every fourth an AGENTINFO click with
 * URL and user agent) and the clock stops when close() has written and flushed the last one.
 * Run with bench/tracking-log.sh; arguments: events per run (default 2,000,000), producer threads
 * (default 1,4).
 */
public final class TrackingLogBenchmark {
    private static final String AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36";

    private TrackingLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        String[] threadCounts = (args.length > 1 ? args[1] : "1,4").split(",");
        Path root = Files.createTempDirectory("herald-tracelog-bench");
        try {
            run(root.resolve("warmup"), 500_000, 2);
            System.out.printf("%-9s %-12s %-14s %-10s %s%n", "threads", "events", "events/s", "MB/s", "files");
            for (String t : threadCounts) {
                for (int round = 1; round <= 3; round++) {
                    Result r = run(root.resolve("t" + t + "-" + round), events, Integer.parseInt(t.strip()));
                    System.out.printf("%-9s %-12d %-14.0f %-10.1f %d%n", t.strip(), events, r.eventsPerSecond(), r.mbPerSecond(), r.files());
                }
            }
        } finally {
            delete(root);
        }
    }

    record Result(double eventsPerSecond, double mbPerSecond, int files) {
    }

    private static Result run(Path dir, long events, int threads) throws Exception {
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        long perThread = events / threads;
        List<Thread> producers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long base = t * perThread;
            producers.add(Thread.ofPlatform().start(() -> produce(log, base, perThread)));
        }
        for (Thread p : producers) {
            p.join();
        }
        log.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = 0;
        List<Path> files = WrittenLog.files(dir);
        for (Path f : files) {
            bytes += Files.size(f);
        }
        return new Result(perThread * threads / seconds, bytes / seconds / (1 << 20), files.size());
    }

    private static void produce(TrackingLog log, long base, long count) {
        for (long i = base; i < base + count; i++) {
            UUID network = new UUID(0x0b7099eacb954e34L, i);
            Instant now = Instant.now();
            if (i % 4 == 3) {
                log.record(LogEvent.builder(Prefix.MSGTRK, now, Source.AGENT, EventId.AGENTINFO)
                        .client("203.0.113." + (i % 250), null).message(i, "<" + network + "@acme.example>", network)
                        .recipient("customer" + i + "@example.com").sender("news@acme.example", "news@acme.example")
                        .directionality("Originating").custom("Event", "Click")
                        .custom("Url", "https://acme.example/products/pumps?id=" + (i % 40) + "&utm_source=herald")
                        .custom("UserAgent", AGENT).custom("CampaignId", 12).build());
            } else {
                log.record(LogEvent.builder(Prefix.MSGTRK, now, Source.SMTP, EventId.SEND)
                        .client("10.0.0.5", "herald-1").server("192.0.2.25", "relay.example.com")
                        .connectorId("Herald\\Outbound SMTP relay.example.com:25")
                        .message(i, "<" + network + "@acme.example>", network)
                        .recipient("customer" + i + "@example.com", "250 2.0.0 Ok: queued as 4F2A" + i)
                        .totalBytes(8_000L + i % 1000).recipientCount(1).subject("Spring offer: pumps for your plant, 10% off")
                        .sender("news@acme.example", "news@acme.example").messageInfo(now).directionality("Originating")
                        .custom("CampaignId", 12).build());
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
