package app.herald.tracelog;

import app.herald.tracelog.LogFiles.LogFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar indexes of one log directory, kept in its {@code .herald-index} subdirectory (a
 * directory, so the writer's rotation, which counts and deletes only prefixed files, never sees
 * them). An index is valid for exactly the log size and modification time it was built from; a
 * file that changed is scanned again and its index rebuilt. Where the directory cannot be written
 * (a read-only copy of another server's logs) searches simply scan.
 */
final class LogIndex {
    static final String DIRECTORY = ".herald-index";

    /**
     * Held apart so the logger, and with it logback's XML configuration (a third of a second of
     * class loading), is set up only when an index problem is actually logged: {@code herald
     * trace} starts a JVM per search and should not pay for it.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LogIndex.class);
    }

    private final Path dir;
    private final Map<Path, IndexFile> open = new ConcurrentHashMap<>();
    private volatile boolean writable = true;

    LogIndex(Path logDir) {
        this.dir = logDir.resolve(DIRECTORY);
    }

    /** The valid index of this file, if one was built for exactly its current size and modification time. */
    Optional<IndexFile> find(LogFile f) {
        Path p = sidecar(f);
        IndexFile cached = open.get(p);
        if (cached != null && valid(cached, f)) {
            return Optional.of(cached);
        }
        open.remove(p);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            Optional<IndexFile> read = IndexFile.read(p).filter(i -> valid(i, f));
            read.ifPresent(i -> open.put(p, i));
            return read;
        } catch (IOException | RuntimeException e) {
            Log.LOG.warn("message tracking index {} is unreadable and will be rebuilt: {}", p, e.getMessage());
            return Optional.empty();
        }
    }

    boolean writable() {
        return writable;
    }

    /** Saves a freshly built index; a failure only means the next search scans this file again. */
    void save(LogFile f, IndexBuilder built) {
        if (!writable) {
            return;
        }
        Path p = sidecar(f);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, f.name(), ".tmp");
            try {
                IndexFile.write(tmp, f.size(), f.modified(), built);
                move(tmp, p);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (AccessDeniedException | ReadOnlyFileSystemException e) {
            writable = false;
            Log.LOG.debug("message tracking log directory {} is read-only; searches scan its files", dir.getParent());
        } catch (IOException | ArithmeticException e) {
            Log.LOG.debug("message tracking index for {} not saved: {}", f.path(), e.toString());
        }
    }

    /** Deletes the indexes of logs that rotation has removed. */
    void removeOrphans(List<LogFile> files) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        files.forEach(f -> wanted.add(sidecar(f).getFileName().toString()));
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".idx") && !wanted.contains(n)) {
                    open.remove(p);
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            Log.LOG.debug("cannot clean message tracking index directory {}: {}", dir, e.toString());
        }
    }

    private Path sidecar(LogFile f) {
        return dir.resolve(f.name() + ".idx");
    }

    private static boolean valid(IndexFile i, LogFile f) {
        return i.logSize == f.size() && i.logModified == f.modified();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
