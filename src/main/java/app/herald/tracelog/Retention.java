package app.herald.tracelog;

import app.herald.config.MessageTrackingLogConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Circular logging, per file prefix as Exchange does it: a file whose age (time since it was last
 * written, its modification time) passes the max age is deleted, then the oldest files go until the
 * prefix's files together fit the max directory size. Each prefix has the whole max directory size
 * to itself. The file being written is never deleted; files whose names do not match the log's
 * naming pattern are neither counted nor touched.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private record Entry(InstanceFile file, long size, Instant modified) {
    }

    private static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::modified)
            .thenComparing(Entry::file, InstanceFile.NAME_ORDER);

    private final Path directory;
    private final long maxDirectorySize;
    private final Optional<Duration> maxAge;

    Retention(MessageTrackingLogConfig config) {
        this.directory = config.path();
        this.maxDirectorySize = config.maxDirectorySize();
        this.maxAge = config.maxAge();
    }

    /** The log files of {@code prefix} in the directory, in name order. */
    List<InstanceFile> files(LogLayout.Prefix prefix) throws IOException {
        List<InstanceFile> found = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
            for (Path p : dir) {
                InstanceFile.parse(p).filter(f -> f.prefix() == prefix).ifPresent(found::add);
            }
        }
        found.sort(InstanceFile.NAME_ORDER);
        return found;
    }

    /**
     * Deletes what the limits allow no longer. {@code current} is the open file (kept; its size is
     * {@code currentSize}, which counts bytes still buffered). Returns how many files were deleted.
     */
    int enforce(LogLayout.Prefix prefix, Path current, long currentSize, Instant now) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long total = currentSize;
        for (InstanceFile f : files(prefix)) {
            if (f.path().equals(current)) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(f.path(), BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    entries.add(new Entry(f, a.size(), a.lastModifiedTime().toInstant()));
                    total += a.size();
                }
            } catch (NoSuchFileException e) {
                // deleted meanwhile (by an admin or another node's writer): nothing to do
            }
        }
        entries.sort(OLDEST_FIRST);
        int deleted = 0;
        Instant oldestAllowed = maxAge.map(now::minus).orElse(Instant.MIN);
        for (Entry e : entries) {
            boolean tooOld = e.modified().isBefore(oldestAllowed);
            if (!tooOld && total <= maxDirectorySize) {
                continue;
            }
            if (delete(e.file().path(), tooOld ? "older than " + maxAge.orElseThrow() : "over the directory size limit")) {
                total -= e.size();
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean delete(Path p, String why) {
        try {
            Files.deleteIfExists(p);
            LOG.debug("message tracking log: deleted {} ({})", p.getFileName(), why);
            return true;
        } catch (IOException e) {
            LOG.warn("message tracking log: cannot delete {} ({}): {}; check the directory's permissions", p, why, e.toString());
            return false;
        }
    }
}
