package app.herald.tracking;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's directory: this node's id, its segment files and their record format.
 *
 * <p>Each node has its own directory (under its own data directory) and its own id, kept in the
 * file {@code node-id}; the database holds one checkpoint per node id, so nodes never replay each
 * other's hits. A segment is {@code NNNNNNNNNNNNNNNNNNNN.hits} (its sequence number), a header
 * ({@link #MAGIC}) and records: payload length (int), CRC-32C of the payload (int), payload, then the
 * zeros the segment was created with (a length of 0 ends it). A record cut short or with a wrong
 * checksum ends its segment's replay: only a crash in the middle of a write, whose requests were
 * never answered, leaves one.
 */
final class HitJournalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(HitJournalFiles.class);
    static final String DIRECTORY = "hit-journal";
    private static final byte[] MAGIC = "HRLDHJ1\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length;
    /** Each segment is created this long, zero-filled: about 150,000 hits. */
    static final long SEGMENT_BYTES = 16L << 20;
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.hits");
    private static final int MAX_PAYLOAD = 1 << 16;

    private final Path directory;
    private final UUID nodeId;

    private HitJournalFiles(Path directory, UUID nodeId) {
        this.directory = directory;
        this.nodeId = nodeId;
    }

    /** The journal directory under {@code dataDir}, created with a new node id on first use. */
    static HitJournalFiles in(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        Files.createDirectories(dir);
        Path idFile = dir.resolve("node-id");
        if (!Files.exists(idFile)) {
            Path tmp = dir.resolve("node-id.tmp");
            Files.writeString(tmp, UUID.randomUUID() + "\n");
            force(tmp);
            Files.move(tmp, idFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            force(dir);
        }
        String text = Files.readString(idFile).strip();
        try {
            return new HitJournalFiles(dir, UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("the hit journal's node id in " + idFile + " is not a UUID ('" + text
                    + "'); restore the file from a backup (deleting it makes this node replay nothing it has not stored)", e);
        }
    }

    Path directory() {
        return directory;
    }

    UUID nodeId() {
        return nodeId;
    }

    /** The highest segment number on disk, 0 when there is none. */
    long lastSegment() throws IOException {
        return sizes().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Every segment on disk and its size in bytes, by number. */
    Map<Long, Long> sizes() throws IOException {
        Map<Long, Long> sizes = new TreeMap<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path p : paths.toList()) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    sizes.put(Long.parseLong(m.group(1)), Files.size(p));
                }
            }
        }
        return sizes;
    }

    /**
     * A new segment: the header and {@link #SEGMENT_BYTES} of zeros, forced to disk with the directory
     * entry. (Written under a temporary name first, so a crash never leaves a half-filled segment.)
     */
    Path create(long segment) throws IOException {
        Path path = path(segment);
        Path tmp = directory.resolve(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(MAGIC));
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            while (ch.position() < SEGMENT_BYTES) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), SEGMENT_BYTES - ch.position()));
                ch.write(zeros);
            }
            ch.force(true);
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        force(directory);
        return path;
    }

    void delete(long segment) throws IOException {
        Files.deleteIfExists(path(segment));
    }

    /**
     * Every hit after {@code checkpoint}, in journal order, handed to {@code sink} in groups; segments
     * wholly before it are deleted. Returns how many hits were handed on.
     */
    long replay(HitJournal.Position checkpoint, HitJournal.Sink sink) throws IOException, InterruptedException {
        long replayed = 0;
        for (long segment : sizes().keySet()) {
            if (segment < checkpoint.segment()) {
                delete(segment);
                continue;
            }
            long from = segment == checkpoint.segment() ? checkpoint.offset() : MAGIC.length;
            replayed += replay(segment, from, sink);
        }
        return replayed;
    }

    private long replay(long segment, long from, HitJournal.Sink sink) throws IOException, InterruptedException {
        Path path = path(segment);
        long size = Files.size(path);
        long offset = Math.max(from, MAGIC.length);
        List<HitJournal.Entry> group = new ArrayList<>();
        long count = 0;
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                LOG.warn("hit journal: {} has no journal header; skipped", path);
                return 0;
            }
            in.skipNBytes(offset - MAGIC.length);
            CRC32C crc = new CRC32C();
            while (offset < size) {
                Hit hit;
                int length;
                try {
                    length = in.readInt();
                    if (length == 0) {
                        break; // the zeros after the last record
                    }
                    int sum = in.readInt();
                    if (length < 0 || length > MAX_PAYLOAD) {
                        throw new EOFException("bad length " + length);
                    }
                    byte[] payload = in.readNBytes(length);
                    crc.reset();
                    crc.update(payload);
                    if (payload.length < length || (int) crc.getValue() != sum) {
                        throw new EOFException("cut short or bad checksum");
                    }
                    hit = decode(ByteBuffer.wrap(payload));
                } catch (EOFException | RuntimeException e) {
                    LOG.warn("hit journal: segment {} ends in a damaged record at byte {} of {} ({}); the rest of it is skipped "
                            + "(a crash during a write leaves this; those requests were never answered)", segment, offset, size, e.getMessage());
                    break;
                }
                offset += 8 + length;
                group.add(new HitJournal.Entry(hit, new HitJournal.Position(segment, offset)));
                count++;
                if (group.size() == 1_000) {
                    sink.accept(group);
                    group = new ArrayList<>();
                }
            }
        }
        if (!group.isEmpty()) {
            sink.accept(group);
        }
        return count;
    }

    /** Appends one record for {@code hit} at the buffer's position, growing the buffer if needed; returns the buffer. */
    static ByteBuffer encode(Hit hit, ByteBuffer buffer) {
        byte[] ip = bytes(hit.ip());
        byte[] agent = bytes(hit.userAgent());
        int payload = 1 + 1 + 8 + 4 + 8 + 4 + 2 + length(ip) + 2 + length(agent);
        if (buffer.remaining() < 8 + payload) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, buffer.position() + 8 + payload));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        int start = buffer.position();
        buffer.position(start + 8);
        buffer.put((byte) hit.kind().ordinal()).put((byte) hit.method().ordinal()).putLong(hit.messageId()).putInt(hit.linkIdx())
                .putLong(hit.at().getEpochSecond()).putInt(hit.at().getNano());
        string(buffer, ip);
        string(buffer, agent);
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(start + 8, payload));
        buffer.putInt(start, payload).putInt(start + 4, (int) crc.getValue());
        return buffer;
    }

    static Hit decode(ByteBuffer in) {
        Hit.Kind kind = Hit.Kind.values()[in.get()];
        Hit.Method method = Hit.Method.values()[in.get()];
        long messageId = in.getLong();
        int linkIdx = in.getInt();
        Instant at = Instant.ofEpochSecond(in.getLong(), in.getInt());
        String ip = string(in);
        String agent = string(in);
        return new Hit(kind, messageId, linkIdx, at, method, ip, agent);
    }

    private Path path(long segment) {
        return directory.resolve(String.format("%020d.hits", segment));
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void string(ByteBuffer out, byte[] b) {
        out.putShort((short) (b == null ? -1 : b.length));
        if (b != null) {
            out.put(b);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getShort();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void force(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
