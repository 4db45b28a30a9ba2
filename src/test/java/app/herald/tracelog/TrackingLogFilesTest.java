package app.herald.tracelog;

import static app.herald.tracelog.TrackingLogFormatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingLogFilesTest {
    private static final Instant NOW = Instant.parse("2025-03-04T23:59:00Z");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(NOW);

    @Test
    void rollsToTheNextInstanceBeforeAWriteWouldPassTheMaxFileSizeNumberingEachPrefixFromOne() throws IOException {
        try (TrackingLog log = open(config(2048, 1 << 30, Optional.empty()))) {
            for (int i = 1; i <= 20; i++) {
                log.record(send(NOW, i).build());
            }
            log.record(submit(NOW, 99));
        }
        assertThat(names()).containsExactly("MSGTRK20250304-1.log", "MSGTRK20250304-2.log", "MSGTRK20250304-3.log",
                "MSGTRKMS20250304-1.log");
        for (Path f : WrittenLog.files(dir)) {
            assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(2048);
        }
        assertThat(WrittenLog.rows(dir)).extracting(r -> r.get("internal-message-id"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
                        "18", "19", "20", "99");
        for (Path f : WrittenLog.files(dir)) {
            String first = WrittenLog.rows(f, true).get(0).get("date-time");
            assertThat(WrittenLog.header(f)).contains("#Date: " + first);
        }
    }

    @Test
    void startsANewFileAtUtcMidnightWithInstanceOne() throws IOException {
        try (TrackingLog log = open(config(1 << 20, 1 << 30, Optional.empty()))) {
            log.record(send(NOW, 1).build());
            log.flush();
            clock.set(Instant.parse("2025-03-05T00:00:01Z"));
            log.record(send(Instant.parse("2025-03-05T00:00:01Z"), 2).build());
        }
        assertThat(names()).containsExactly("MSGTRK20250304-1.log", "MSGTRK20250305-1.log");
        assertThat(WrittenLog.header(dir.resolve("MSGTRK20250305-1.log"))).contains("#Date: 2025-03-05T00:00:01.000Z");
    }

    @Test
    void aNewProcessContinuesAfterTheHighestInstanceOfTheDayAndNeverAppends() throws IOException {
        Files.writeString(dir.resolve("MSGTRK20250304-7.log"), "written by an earlier process, cut off mid-li");
        Files.writeString(dir.resolve("msgtrk20250304-3.LOG"), "an older one");
        Files.writeString(dir.resolve("MSGTRK20250303-12.log"), "yesterday's");
        try (TrackingLog log = open(config(1 << 20, 1 << 30, Optional.empty()))) {
            log.record(send(NOW, 1).build());
        }
        assertThat(Files.readString(dir.resolve("MSGTRK20250304-7.log"))).isEqualTo("written by an earlier process, cut off mid-li");
        assertThat(WrittenLog.rows(dir.resolve("MSGTRK20250304-8.log"), true)).hasSize(1);
    }

    @Test
    void deletesFilesWhoseModificationTimeIsPastTheMaxAgeWhateverTheDateInTheirName() throws IOException {
        Path old = file("MSGTRK20250101-1.log", 100, NOW.minus(Duration.ofDays(31)));
        Path oldByNameOnly = file("MSGTRK20200101-1.log", 100, NOW.minus(Duration.ofDays(29)));
        Path oldSubmission = file("MSGTRKMS20250101-4.log", 100, NOW.minus(Duration.ofDays(40)));
        try (TrackingLog log = open(config(1 << 20, 1 << 30, Optional.of(Duration.ofDays(30))))) {
            log.flush();
        }
        assertThat(old).doesNotExist();
        assertThat(oldSubmission).doesNotExist();
        assertThat(oldByNameOnly).exists();
    }

    @Test
    void deletesTheOldestFilesOfAPrefixWhenItsFilesTogetherPassTheMaxDirectorySize() throws IOException {
        Path oldest = file("MSGTRK20250301-1.log", 1500, NOW.minusSeconds(300));
        Path older = file("MSGTRK20250302-1.log", 1500, NOW.minusSeconds(200));
        Path newer = file("MSGTRK20250303-1.log", 1500, NOW.minusSeconds(100));
        // the delivery log's files are counted against their own prefix only: 3 KB there is within 4 KB
        Path delivery1 = file("MSGTRKMD20250301-1.log", 1500, NOW.minusSeconds(900));
        Path delivery2 = file("MSGTRKMD20250301-2.log", 1500, NOW.minusSeconds(800));
        try (TrackingLog log = open(config(1024, 4096, Optional.empty()))) {
            log.record(send(NOW, 1).build());
            log.flush();
        }
        assertThat(oldest).doesNotExist();
        assertThat(older).exists();
        assertThat(newer).exists();
        assertThat(delivery1).exists();
        assertThat(delivery2).exists();
    }

    @Test
    void keepsEachPrefixWithinTheMaxDirectorySizeWhileWriting() throws IOException {
        try (TrackingLog log = open(config(1024, 4096, Optional.empty()))) {
            for (int i = 1; i <= 200; i++) {
                log.record(send(NOW, i).build());
            }
        }
        long total = 0;
        for (Path f : WrittenLog.files(dir)) {
            total += Files.size(f);
        }
        assertThat(total).isLessThanOrEqualTo(4096 + 1024);
        List<String> names = names();
        assertThat(names.get(names.size() - 1)).matches("MSGTRK20250304-\\d+\\.log");
        assertThat(WrittenLog.rows(dir).getLast().get("internal-message-id")).isEqualTo("200");
    }

    @Test
    void neverCountsNorDeletesFilesOutsideTheNamingPattern() throws IOException {
        Instant ancient = NOW.minus(Duration.ofDays(400));
        List<Path> foreign = List.of(
                file("MSGTRK20250101-1.log.bak", 5000, ancient),
                file("MSGTRK20250101-1.log.gz", 5000, ancient),
                file("MSGTRKX20250101-1.log", 5000, ancient),
                file("xMSGTRK20250101-1.log", 5000, ancient),
                file("MSGTRK2025-01-01-1.log", 5000, ancient),
                file("MSGTRK20250101.log", 5000, ancient),
                file("notes.txt", 5000, ancient));
        Path own = file("MSGTRK20250303-1.log", 1000, NOW.minusSeconds(60));
        try (TrackingLog log = open(config(1024, 2048, Optional.of(Duration.ofDays(30))))) {
            log.record(send(NOW, 1).build());
            log.flush();
        }
        assertThat(foreign).allMatch(Files::exists);
        assertThat(own).as("35 KB of foreign files must not push our 1 KB file out").exists();
    }

    private TrackingLog open(MessageTrackingLogConfig config) {
        return TrackingLog.open(config, new TrackingLog.Options(1024, Duration.ofMillis(50), Duration.ofMinutes(10), clock));
    }

    private MessageTrackingLogConfig config(long maxFile, long maxDirectory, Optional<Duration> maxAge) {
        return new MessageTrackingLogConfig(true, dir, maxFile, maxDirectory, maxAge, true);
    }

    private Path file(String name, int size, Instant modified) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, new byte[size]);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    private List<String> names() {
        return WrittenLog.files(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static LogEvent submit(Instant at, long id) {
        return LogEvent.builder(Prefix.MSGTRKMS, at, Source.STOREDRIVER, EventId.SUBMIT)
                .message(id, "<" + id + "@acme.example>", new UUID(0, id)).recipient("r@example.com").build();
    }
}
