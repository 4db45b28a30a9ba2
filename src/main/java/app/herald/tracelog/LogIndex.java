package app.herald.tracelog;

import app.herald.tracelog.LogFiles.LogFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>Beside the indexes, a catalog holds every index's {@link Summary} (the log size and time it
 * is valid for, its time range and count of malformed lines), so a search plans with one small
 * read instead of opening every index: a sender search on a directory of 97 files opens the 4
 * whose time range can still hold results. The catalog is derived from the indexes and keyed
 * like them on the log's size and modification time, so a stale or lost catalog costs only
 * opening the indexes again; an entry whose index has gone is found out when the index is opened.
 */
final class LogIndex {
    static final String DIRECTORY = ".herald-index";
    private static final String CATALOG = "catalog";
    private static final int CATALOG_MAGIC = 0x48544c43; // "HTLC"
    private static final int CATALOG_VERSION = 1;

    /** What a search plans with: an index's header, without the index. */
    record Summary(long logSize, long logModified, long minTime, long maxTime, int records, int malformed) {
        boolean validFor(LogFile f) {
            return logSize == f.size() && logModified == f.modified();
        }
    }

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
    private final Map<String, Summary> catalog = new ConcurrentHashMap<>();
    private volatile boolean catalogRead;
    private volatile boolean catalogChanged;
    private volatile boolean writable = true;

    LogIndex(Path logDir) {
        this.dir = logDir.resolve(DIRECTORY);
    }

    /** The summary of this file's valid index, from the catalog when it has one, else from the index itself. */
    Optional<Summary> summary(LogFile f) {
        readCatalog();
        Summary s = catalog.get(f.name());
        if (s != null && s.validFor(f)) {
            return Optional.of(s);
        }
        Optional<Summary> found = find(f).map(IndexFile::summary);
        found.ifPresentOrElse(i -> catalog.put(f.name(), i), () -> catalog.remove(f.name()));
        catalogChanged |= found.isPresent() || s != null;
        return found;
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
                catalog.put(f.name(), new Summary(f.size(), f.modified(), built.minTime, built.maxTime, built.times.size(),
                        built.malformed.size()));
                catalogChanged = true;
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
        readCatalog();
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.name()));
        catalogChanged |= catalog.keySet().removeIf(n -> !names.contains(n));
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

    /** Writes the catalog when this search learned something it did not hold; a failure only costs the next search opening indexes. */
    void saveCatalog() {
        if (!catalogChanged || !writable || !Files.isDirectory(dir)) {
            return;
        }
        catalogChanged = false;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(CATALOG_MAGIC);
            out.writeInt(CATALOG_VERSION);
            Map<String, Summary> entries = Map.copyOf(catalog);
            out.writeInt(entries.size());
            for (Map.Entry<String, Summary> e : entries.entrySet()) {
                Summary s = e.getValue();
                out.writeUTF(e.getKey());
                out.writeLong(s.logSize());
                out.writeLong(s.logModified());
                out.writeLong(s.minTime());
                out.writeLong(s.maxTime());
                out.writeInt(s.records());
                out.writeInt(s.malformed());
            }
            out.flush();
            Path tmp = Files.createTempFile(dir, CATALOG, ".tmp");
            try {
                Files.write(tmp, bytes.toByteArray());
                move(tmp, dir.resolve(CATALOG));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            Log.LOG.debug("message tracking index catalog {} not saved: {}", dir, e.toString());
        }
    }

    /** Loads the catalog once; what it holds is checked against each log when used. */
    private void readCatalog() {
        if (catalogRead) {
            return;
        }
        synchronized (catalog) {
            if (catalogRead) {
                return;
            }
            catalogRead = true;
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(CATALOG))))) {
                if (in.readInt() != CATALOG_MAGIC || in.readInt() != CATALOG_VERSION) {
                    return;
                }
                for (int n = in.readInt(); n > 0; n--) {
                    String name = in.readUTF();
                    catalog.putIfAbsent(name, new Summary(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt()));
                }
            } catch (NoSuchFileException e) {
                // no catalog yet: the indexes are opened, and the catalog written after the search
            } catch (IOException e) {
                Log.LOG.debug("message tracking index catalog {} is unreadable and will be rewritten: {}", dir, e.toString());
                catalog.clear();
                catalogChanged = true;
            }
        }
    }

    private Path sidecar(LogFile f) {
        return dir.resolve(f.name() + ".idx");
    }

    private static boolean valid(IndexFile i, LogFile f) {
        return i.summary().validFor(f);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
