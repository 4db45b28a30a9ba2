package app.herald.tracelog;

import app.herald.config.MessageTrackingLogConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open file of one prefix. A write that would take the file past the max file size first rolls
 * to the next instance, as does the first write of a new UTC day; a file always holds at least one
 * record, so a single record larger than the limit gets a file of its own. A new process never
 * appends to an existing file: it starts after the highest instance of the day, so every file has
 * one writer, one header and a #Date that is its first record's time.
 */
final class PrefixFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixFile.class);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int BUFFER = 64 * 1024;

    private final LogLayout.Prefix prefix;
    private final Path directory;
    private final long maxFileSize;
    private final Retention retention;
    private final Clock clock;

    private FileChannel channel;
    private OutputStream out;
    private Path path;
    /** The UTC day (days since 1970-01-01) of the open file; -1 before the first. */
    private long day = -1;
    private long nextInstance;
    private long size;
    private long records;

    PrefixFile(LogLayout.Prefix prefix, MessageTrackingLogConfig config, Retention retention, Clock clock) {
        this.prefix = prefix;
        this.directory = config.path();
        this.maxFileSize = config.maxFileSize();
        this.retention = retention;
        this.clock = clock;
    }

    /** Writes one formatted record whose event happened at {@code time} (the #Date of a new file). */
    void write(byte[] line, int length, Instant time) throws IOException {
        long today = Math.floorDiv(clock.millis(), 86_400_000L);
        if (out == null || today != day || records > 0 && size + length > maxFileSize) {
            roll(today, time);
        }
        out.write(line, 0, length);
        size += length;
        records++;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Applies the age and size limits to this prefix's files. */
    void enforceRetention() throws IOException {
        retention.enforce(prefix, path, size, clock.instant());
    }

    private void roll(long today, Instant firstRecord) throws IOException {
        closeFile();
        LocalDate date = LocalDate.ofEpochDay(today);
        if (today != day) {
            day = today;
            nextInstance = highestInstance(date) + 1;
        }
        while (true) {
            Path candidate = directory.resolve(InstanceFile.name(prefix, date, nextInstance++));
            try {
                channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                path = candidate;
                break;
            } catch (FileAlreadyExistsException e) {
                // another writer (a second process on the same directory) took this number: take the next
            }
        }
        out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        byte[] header = LogLine.header(firstRecord).getBytes(StandardCharsets.UTF_8);
        out.write(BOM);
        out.write(header);
        size = BOM.length + header.length;
        records = 0;
        LOG.debug("message tracking log: writing {}", path.getFileName());
        try {
            enforceRetention();
        } catch (IOException | UncheckedIOException e) {
            // the new file is fine; retention runs again at the next file and every minute
            LOG.warn("message tracking log: cannot apply retention in {}: {}", directory, e.toString());
        }
    }

    private long highestInstance(LocalDate today) throws IOException {
        String date = InstanceFile.DAY.format(today);
        long highest = 0;
        for (InstanceFile f : retention.files(prefix)) {
            if (f.date().startsWith(date)) {
                highest = Math.max(highest, f.instance());
            }
        }
        return highest;
    }

    /** Flushes, forces to disk and closes the current file; the next write opens a new instance. */
    private void closeFile() throws IOException {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            channel.force(false);
        } finally {
            out = null;
            channel.close();
            channel = null;
        }
    }

    /** Drops the current file after a write error, so that the next attempt starts a fresh instance. */
    void abandon() {
        try {
            closeFile();
        } catch (IOException e) {
            LOG.debug("message tracking log: closing {} after an error failed too: {}", path, e.toString());
        }
        out = null;
        channel = null;
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
