package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.store.TestDatabase;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The journal on its own: record format, group forcing, replay from a checkpoint, damaged tails, the size limit. */
class HitJournalTest {
    private static final Instant T0 = Instant.parse("2025-03-04T10:15:30.123456789Z");

    @Test
    void aRecordReadsBackAsTheHitThatWasWritten() {
        Hit click = Hit.click(42, 3, T0, Hit.Method.HEAD, "2001:db8::1", "Mozilla/5.0 (Macintosh) 邮件");
        Hit open = Hit.open(7, T0, null, null);
        ByteBuffer b = HitJournalFiles.encode(open, HitJournalFiles.encode(click, ByteBuffer.allocate(16)));
        b.flip();

        assertThat(HitJournalFiles.decode(b.slice(8, b.getInt(0)))).isEqualTo(click);
        int second = 8 + b.getInt(0);
        assertThat(HitJournalFiles.decode(b.slice(second + 8, b.getInt(second)))).isEqualTo(open);
    }

    @Test
    void replayHandsOnEveryHitAfterTheCheckpointAndNothingBefore() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        HitJournalFiles files = HitJournalFiles.in(dir);
        List<HitJournal.Entry> forced = new CopyOnWriteArrayList<>();
        try (HitJournal journal = HitJournal.open(files, forced::addAll, 1 << 30)) {
            for (int i = 0; i < 10; i++) {
                journal.append(Hit.open(i + 1, T0.plusSeconds(i), "192.0.2.1", "Mail/1.0"));
            }
        }
        assertThat(forced).hasSize(10);

        List<HitJournal.Entry> replayed = new ArrayList<>();
        long n = HitJournalFiles.in(dir).replay(forced.get(3).end(), replayed::addAll);

        assertThat(n).isEqualTo(6);
        assertThat(replayed).extracting(e -> e.hit().messageId()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(replayed).extracting(HitJournal.Entry::end).isEqualTo(forced.subList(4, 10).stream().map(HitJournal.Entry::end).toList());
    }

    @Test
    void aRecordCutShortByACrashEndsTheReplayOfItsSegmentAndNewHitsGoToANewOne() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        List<HitJournal.Entry> forced = new CopyOnWriteArrayList<>();
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), forced::addAll, 1 << 30)) {
            journal.append(Hit.open(1, T0, "192.0.2.1", "Mail/1.0"));
            journal.append(Hit.open(2, T0, "192.0.2.1", "Mail/1.0"));
        }
        Path segment = dir.resolve(HitJournalFiles.DIRECTORY).resolve(String.format("%020d.hits", 1));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[3]), forced.get(1).end().offset() - 3); // the second record loses its last bytes
        }
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), e -> { }, 1 << 30)) {
            journal.append(Hit.open(3, T0, "192.0.2.1", "Mail/1.0"));
        }

        List<HitJournal.Entry> replayed = new ArrayList<>();
        HitJournalFiles.in(dir).replay(new HitJournal.Position(0, 0), replayed::addAll);

        assertThat(replayed).extracting(e -> e.hit().messageId()).containsExactly(1L, 3L);
    }

    @Test
    void refusesHitsWhileMoreThanItsLimitIsNotYetStored() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        // nothing stored ever: the first segment on disk is already more than the limit allows
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), e -> { }, HitJournalFiles.SEGMENT_BYTES - 1)) {
            journal.append(Hit.open(1, T0, "192.0.2.1", "Mail/1.0"));
            assertThatThrownBy(() -> journal.append(Hit.open(2, T0, "192.0.2.1", "Mail/1.0")))
                    .isInstanceOf(TrackingUnavailableException.class)
                    .hasMessageContaining("not yet stored in the database");
        }
    }

    @Test
    void deletesSegmentsOnceTheWriterHasStoredPastThem() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        List<HitJournal.Entry> forced = new CopyOnWriteArrayList<>();
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), forced::addAll, 1 << 30)) {
            journal.append(Hit.open(1, T0, "192.0.2.1", "Mail/1.0"));
        }
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), forced::addAll, 1 << 30)) {
            journal.append(Hit.open(2, T0, "192.0.2.1", "Mail/1.0"));
            journal.stored(forced.get(1).end());

            assertThat(HitJournalFiles.in(dir).sizes()).containsOnlyKeys(2L);
        }
    }

    @Test
    void refusesWithinItsWaitWhenTheWriterCannotTakeForcedHitsSoNoClientWaitsForEver() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        CountDownLatch databaseBack = new CountDownLatch(1);
        // the writer's queue is full (the database is down): handing hits on blocks
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), e -> databaseBack.await(), 1 << 30)) {
            long start = System.nanoTime();
            // the first group is forced, then waits for the writer; the second waits for the first
            assertThatThrownBy(() -> journal.append(Hit.open(1, T0, "192.0.2.1", "Mail/1.0")))
                    .isInstanceOf(TrackingUnavailableException.class)
                    .hasMessageContaining("did not reach the disk within 2000 ms");
            assertThatThrownBy(() -> journal.append(Hit.open(2, T0, "192.0.2.1", "Mail/1.0")))
                    .isInstanceOf(TrackingUnavailableException.class)
                    .hasMessageContaining("did not reach the disk within 2000 ms");
            assertThat(System.nanoTime() - start).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
            databaseBack.countDown();
        }
    }

    @Test
    void measuresAHitsWaitFromItsArrivalNotFromWhenItsGroupWasOpened() throws Exception {
        Path dir = TestDatabase.tempDir("hit-journal");
        CountDownLatch databaseBack = new CountDownLatch(1);
        List<String> answers = new CopyOnWriteArrayList<>();
        HitJournal.Acknowledgement record = new HitJournal.Acknowledgement() {
            @Override
            public void stored() {
                answers.add("stored");
            }

            @Override
            public void refused(String reason) {
                answers.add("refused");
            }
        };
        try (HitJournal journal = HitJournal.open(HitJournalFiles.in(dir), e -> databaseBack.await(), 1 << 30)) {
            journal.append(Hit.open(1, T0, "192.0.2.1", "Mail/1.0"), record); // forced, then held by the writer
            // the first is refused as late (after two seconds); the next group has been open as long
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (answers.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(answers).containsExactly("refused");

            journal.append(Hit.open(2, T0, "192.0.2.1", "Mail/1.0"), record);
            Thread.sleep(500); // the watch looks every 200 ms: a fresh hit is not late
            databaseBack.countDown();
        }
        assertThat(answers).containsExactly("refused", "stored");
    }
}
