package app.herald.tracelog;

import static app.herald.tracelog.TrackingLogFormatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingLogWritingTest {
    @TempDir
    Path dir;

    @Test
    void producersWaitForRoomInAFullQueueAndNoEventIsLost() throws Exception {
        int producers = 8;
        int each = 5_000;
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir),
                new TrackingLog.Options(4, Duration.ofMillis(200), Duration.ofMinutes(1), Clock.systemUTC()));
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = p * 1_000_000L;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    log.record(send(Instant.now(), base + i).build());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        log.close();
        Set<String> ids = new HashSet<>();
        WrittenLog.rows(dir).forEach(r -> ids.add(r.get("internal-message-id")));
        assertThat(ids).hasSize(producers * each);
        assertThat(log.lost()).isZero();
    }

    @Test
    void closeWritesAndFlushesEverythingQueued() throws Exception {
        // a flush interval of an hour: only close can have put the lines into the file
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir),
                new TrackingLog.Options(100_000, Duration.ofHours(1), Duration.ofMinutes(1), Clock.systemUTC()));
        for (int i = 0; i < 50_000; i++) {
            log.record(send(Instant.now(), i).build());
        }
        log.close();
        assertThat(WrittenLog.rows(dir)).hasSize(50_000);
    }

    @Test
    void writtenEventsReachTheFileWithinTheFlushIntervalWithoutAnyoneAsking() throws Exception {
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir),
                new TrackingLog.Options(1024, Duration.ofMillis(200), Duration.ofMinutes(1), Clock.systemUTC()))) {
            log.record(send(Instant.now(), 1).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rowsNow() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rowsNow()).isEqualTo(1);
        }
    }

    @Test
    void flushReturnsOnceEarlierEventsAreInTheFile() {
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir),
                new TrackingLog.Options(1024, Duration.ofHours(1), Duration.ofMinutes(1), Clock.systemUTC()))) {
            for (int i = 0; i < 10; i++) {
                log.record(send(Instant.now(), i).build());
            }
            log.flush();
            assertThat(rowsNow()).isEqualTo(10);
        }
    }

    @Test
    void countsEventsRecordedAfterCloseAsLost() {
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        log.close();
        log.record(send(Instant.now(), 1).build());
        assertThat(log.lost()).isEqualTo(1);
    }

    @Test
    void aDisabledLogCreatesNoDirectoryAndWritesNothing() {
        Path never = dir.resolve("never");
        MessageTrackingLogConfig off = new MessageTrackingLogConfig(false, never, 10 << 20, 1000 << 20, Optional.empty(), true);
        try (TrackingLog log = TrackingLog.open(off)) {
            log.record(send(Instant.now(), 1).build());
            log.flush();
            assertThat(log.enabled()).isFalse();
        }
        assertThat(never).doesNotExist();
    }

    private int rowsNow() {
        // reads whatever the OS has, complete lines only, as a concurrent reader would
        int n = 0;
        for (Path f : WrittenLog.files(dir)) {
            try {
                n += (int) Files.readString(f).lines().filter(l -> !l.startsWith("#") && !l.startsWith("\uFEFF")).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return n;
    }
}
