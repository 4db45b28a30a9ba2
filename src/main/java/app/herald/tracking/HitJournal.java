package app.herald.tracking;

import app.herald.web.HttpThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hit journal: every open and click is appended to a local file and forced to disk before the
 * client gets its pixel or redirect, so an answered hit survives a crash of Herald or of the machine.
 * One thread writes: requests that arrive while it forces one group to disk form the next group, so a
 * busy server forces once per group (a fraction of a millisecond here) however many hits it holds,
 * and a quiet one forces each hit at once. Requests do not wait on a thread: each leaves an
 * {@link Acknowledgement} that this thread calls once the group is forced, which answers the client. Forced hits go on to the {@link HitRecorder}'s writer,
 * which stores them in PostgreSQL and, in the same transaction, the journal position it has stored up
 * to (the checkpoint); after a crash, {@link HitJournalFiles#replay} hands everything after the
 * checkpoint to the writer again, so replay neither loses nor double counts a hit.
 *
 * <p>Files are segments named by a sequence number ({@link HitJournalFiles}); a segment whose hits are
 * all in the database is deleted. Segments are written full of zeros when created, so that forcing a
 * group writes only its data: on ext4 (data=ordered), forcing a file that grew also commits the
 * file system's journal, which waits for every other file's pending writes — the database's among
 * them — and made forces take tens of milliseconds on a busy disk. A write or force that fails (a full or failing disk) fails its
 * group: those requests get 503, never a pixel for a hit that may be lost. So does a journal holding
 * more than {@code maxBytes} not yet stored (the database has been unreachable for long).
 */
final class HitJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HitJournal.class);
    private static final long APPEND_WAIT_MS = 2_000;

    /** Where the writer has to go on from: the end of a record (segment number, byte offset after it). */
    record Position(long segment, long offset) {
    }

    /** A forced hit and the position just after it. */
    record Entry(Hit hit, Position end) {
    }

    /** Takes forced hits in journal order; may block (back-pressure from the database writer). */
    interface Sink {
        void accept(List<Entry> entries) throws InterruptedException;
    }

    /**
     * What a request waits for: told, on the journal's thread, once its hit is on disk and handed to the
     * writer, or that it never will be (with a reason for the operator). Must not block.
     */
    interface Acknowledgement {
        void stored();

        void refused(String reason);
    }

    /** The hits that wait for one force, and whom to tell when it is done (once: by the writer or, late, by the watch). */
    private static final class Group {
        final List<Hit> hits = new ArrayList<>();
        final List<Acknowledgement> waiting = new ArrayList<>();
        /** When its first hit came (its oldest request); set under the journal's lock. */
        long since;
        final AtomicBoolean answered = new AtomicBoolean();
        String failure;
    }

    private final HitJournalFiles files;
    private final Sink sink;
    private final long maxBytes;
    private final Thread thread;
    private final Thread watch;
    /** The group the writing thread has taken, until it is answered; null between groups. */
    private volatile Group writing;
    private final Object lock = new Object();
    /** Bytes of each segment still on disk, by segment number; guarded by itself. */
    private final TreeMap<Long, Long> segmentBytes = new TreeMap<>();
    private volatile long retainedBytes;
    private Group current = new Group();
    private boolean closed;
    private FileChannel channel;
    private long segment;
    private long offset;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);

    private HitJournal(HitJournalFiles files, long firstSegment, Sink sink, long maxBytes) {
        this.files = files;
        this.sink = sink;
        this.maxBytes = maxBytes;
        this.segment = firstSegment - 1; // the first group opens firstSegment
        this.thread = Thread.ofPlatform().name("herald-hit-journal").daemon().start(this::run);
        this.watch = Thread.ofPlatform().name("herald-hit-journal-watch").daemon().start(this::watch);
    }

    /**
     * Opens the journal in {@code files}' directory for new hits: they go to a new segment after every
     * existing one (the last may end in a torn record from a crash, which nothing must follow).
     */
    static HitJournal open(HitJournalFiles files, Sink sink, long maxBytes) throws IOException {
        HitJournal journal = new HitJournal(files, files.lastSegment() + 1, sink, maxBytes);
        for (var e : files.sizes().entrySet()) {
            journal.retain(e.getKey(), e.getValue());
        }
        return journal;
    }

    /**
     * Appends a hit and returns once it is on disk (for callers on their own thread; requests on
     * Jetty's threads use {@link #append(Hit, Acknowledgement)}, which never blocks).
     *
     * @throws TrackingUnavailableException when the journal is closed, full, or cannot write or force
     */
    void append(Hit hit) {
        CountDownLatch done = new CountDownLatch(1);
        String[] failure = new String[1];
        append(hit, new Acknowledgement() {
            @Override
            public void stored() {
                done.countDown();
            }

            @Override
            public void refused(String reason) {
                failure[0] = reason;
                done.countDown();
            }
        });
        try {
            done.await(); // the watch answers within APPEND_WAIT_MS if the writing thread does not
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingUnavailableException("interrupted while waiting for the hit journal");
        }
        if (failure[0] != null) {
            throw new TrackingUnavailableException(failure[0]);
        }
    }

    /**
     * Appends a hit to the next group to be forced and returns at once; {@code ack} is told on the
     * journal's thread once the group is on disk (or failed), or refused by the watch after
     * {@value #APPEND_WAIT_MS} ms. A hit refused here (an exception) is never told.
     *
     * @throws TrackingUnavailableException when the journal is closed or full
     */
    void append(Hit hit, Acknowledgement ack) {
        synchronized (lock) {
            if (closed) {
                throw new TrackingUnavailableException("the hit journal is closed; Herald is shutting down");
            }
            if (retainedBytes > maxBytes) {
                throw new TrackingUnavailableException("the hit journal in " + files.directory() + " holds " + (retainedBytes >> 20)
                        + " MiB of hits not yet stored in the database (limit " + (maxBytes >> 20) + " MiB); check the database's health");
            }
            Group g = current;
            g.hits.add(hit);
            g.waiting.add(ack);
            if (g.hits.size() == 1) {
                g.since = System.nanoTime();
                lock.notifyAll();
            }
        }
    }

    /** The writer stored everything before {@code checkpoint}: segments before its segment can go. */
    void stored(Position checkpoint) {
        List<Long> done;
        synchronized (segmentBytes) {
            done = new ArrayList<>(segmentBytes.headMap(checkpoint.segment()).keySet());
        }
        for (long s : done) {
            try {
                files.delete(s);
                release(s);
            } catch (IOException e) {
                LOG.warn("hit journal: cannot delete stored segment {} in {} ({}); it is tried again after the next batch",
                        s, files.directory(), e.getMessage());
            }
        }
    }

    /** Bytes of hits on disk in segments not yet deleted. */
    long retainedBytes() {
        return retainedBytes;
    }

    /** Stops accepting hits, forces and hands on the last group, and closes the file. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30));
            watch.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }

    private void run() {
        try {
            while (true) {
                Group g;
                synchronized (lock) {
                    while (current.hits.isEmpty() && !closed) {
                        lock.wait();
                    }
                    if (current.hits.isEmpty()) {
                        return;
                    }
                    g = current;
                    current = new Group();
                }
                writing = g;
                List<Entry> entries = write(g);
                if (entries != null) {
                    sink.accept(entries); // before the requests are released: flush() then sees their hits
                }
                // the connections' next reads wait until every answer of the group is written (HttpThreads.batch)
                HttpThreads.batch(() -> acknowledge(g, g.failure));
                writing = null;
            }
        } catch (InterruptedException e) {
            LOG.error("hit journal: writer interrupted");
        }
    }

    /**
     * Answers the requests of a group still waiting after {@value #APPEND_WAIT_MS} ms (the disk hangs, or
     * the writer's queue is full while the database is down) with a refusal, so that no client waits for
     * ever: a group not yet taken is dropped (its hits are never written), one being written may still be
     * stored. Runs until the journal is closed.
     */
    private void watch() {
        long limit = TimeUnit.MILLISECONDS.toNanos(APPEND_WAIT_MS);
        String late = "the hit journal did not reach the disk within " + APPEND_WAIT_MS
                + " ms; the disk or the database writer is not keeping up";
        try {
            while (true) {
                Thread.sleep(APPEND_WAIT_MS / 10);
                Group stale = null;
                synchronized (lock) {
                    if (closed && current.hits.isEmpty() && writing == null) {
                        return;
                    }
                    if (!current.hits.isEmpty() && System.nanoTime() - current.since > limit) {
                        stale = current;
                        current = new Group();
                    }
                }
                if (stale != null) {
                    acknowledge(stale, late);
                }
                Group w = writing; // taken under the lock after its first hit, so its since is visible
                if (w != null && System.nanoTime() - w.since > limit) {
                    acknowledge(w, late);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void acknowledge(Group g, String failure) {
        if (!g.answered.compareAndSet(false, true)) {
            return;
        }
        for (Acknowledgement ack : g.waiting) {
            try {
                if (failure == null) {
                    ack.stored();
                } else {
                    ack.refused(failure);
                }
            } catch (RuntimeException e) {
                // one request's answer failing (say, its client went away) must not keep the others waiting
                LOG.warn("hit journal: answering a request after its group was forced failed: {}", e.toString());
            }
        }
    }

    /** Writes and forces one group; null (and the group failed) if the disk refused. */
    private List<Entry> write(Group g) {
        long start = offset;
        try {
            buffer.clear();
            int[] ends = new int[g.hits.size()];
            for (int i = 0; i < ends.length; i++) {
                buffer = HitJournalFiles.encode(g.hits.get(i), buffer);
                ends[i] = buffer.position();
            }
            buffer.flip();
            // a group that would overrun the preallocated segment starts the next one (one larger
            // than a whole segment simply extends it)
            if (channel == null || offset > HitJournalFiles.HEADER_BYTES && offset + buffer.limit() > HitJournalFiles.SEGMENT_BYTES) {
                nextSegment();
            }
            start = offset;
            long at = start;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
            offset = at;
            retain(segment, Math.max(offset, HitJournalFiles.SEGMENT_BYTES));
            List<Entry> entries = new ArrayList<>(ends.length);
            for (int i = 0; i < ends.length; i++) {
                entries.add(new Entry(g.hits.get(i), new Position(segment, start + ends[i])));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            g.failure = "the hit journal in " + files.directory() + " cannot write (" + e.getMessage()
                    + "); free disk space there or fix the disk";
            LOG.error("hit journal: writing {} hits to segment {} in {} failed; they were answered 503 and are not counted: {}. "
                    + "Free disk space there or fix the disk.", g.hits.size(), segment, files.directory(), e.toString());
            abandonSegment(start);
            return null;
        }
    }

    /**
     * After a failed write the segment may end in part of a record, and after a failed force the page
     * cache cannot be trusted: cut the segment back to its last forced byte if the disk lets us, and
     * go on in a new segment either way.
     */
    private void abandonSegment(long goodLength) {
        if (channel != null) {
            try {
                channel.truncate(goodLength);
                channel.force(false);
            } catch (IOException e) {
                LOG.warn("hit journal: cannot cut segment {} back to {} bytes ({}); replay stops at its first damaged record",
                        segment, goodLength, e.getMessage());
            }
        }
        closeChannel();
    }

    private void nextSegment() throws IOException {
        closeChannel();
        segment++;
        Path path = files.create(segment);
        channel = FileChannel.open(path, StandardOpenOption.WRITE);
        offset = HitJournalFiles.HEADER_BYTES;
        retain(segment, channel.size());
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("hit journal: closing segment {} failed: {}", segment, e.getMessage());
            }
            channel = null;
        }
    }

    private void retain(long s, long bytes) {
        synchronized (segmentBytes) {
            Long before = segmentBytes.put(s, bytes);
            retainedBytes += bytes - (before == null ? 0 : before);
        }
    }

    private void release(long s) {
        synchronized (segmentBytes) {
            Long before = segmentBytes.remove(s);
            retainedBytes -= before == null ? 0 : before;
        }
    }
}
