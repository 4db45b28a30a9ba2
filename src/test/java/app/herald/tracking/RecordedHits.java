package app.herald.tracking;

import app.herald.tracelog.TrackingLog;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens and clicks at chosen times, written through the real {@link HitRecorder} (so every counter
 * a report reads moves as it would for hits from the endpoints), for tests that need a history
 * longer than the test runs.
 */
public final class RecordedHits implements AutoCloseable {
    private final HitRecorder recorder;

    public RecordedHits(Jdbi jdbi) {
        this.recorder = new HitRecorder(jdbi, TrackingLog.disabled());
    }

    public RecordedHits open(long messageId, Instant at, String ip, String userAgent) {
        recorder.record(Hit.open(messageId, at, ip, userAgent));
        return this;
    }

    public RecordedHits click(long messageId, int linkIdx, Instant at, String ip, String userAgent) {
        recorder.record(Hit.click(messageId, linkIdx, at, ip, userAgent));
        return this;
    }

    /** Waits until everything recorded so far is written. */
    public void flush() {
        try {
            if (!recorder.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("hits not written within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        recorder.close();
    }
}
