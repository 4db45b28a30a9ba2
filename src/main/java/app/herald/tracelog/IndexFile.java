package app.herald.tracelog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One log file's sidecar index, memory-mapped. Layout: magic, version, header length, a header
 * (the log's size and modification time it is valid for, min and max record time, the
 * {@code #Fields} layouts by offset, the malformed lines), then four arrays of longs: record
 * times, offsets and lines by record number, and the entries {@code hash << 32 | record number}
 * sorted, so one key's records are one binary search away.
 */
final class IndexFile {
    private static final int MAGIC = 0x48544c58; // "HTLX"
    private static final int VERSION = 1;

    final long logSize;
    final long logModified;
    final long minTime;
    final long maxTime;
    final List<IndexBuilder.Layout> layouts;
    final List<MalformedLine> malformed;
    private final List<ColumnMap> columns;
    private final int records;
    private final LongBuffer times;
    private final LongBuffer offsets;
    private final LongBuffer lines;
    private final LongBuffer entries;

    private IndexFile(DataInputStream h, ByteBuffer body) throws IOException {
        logSize = h.readLong();
        logModified = h.readLong();
        minTime = h.readLong();
        maxTime = h.readLong();
        List<IndexBuilder.Layout> ls = new ArrayList<>();
        for (int i = h.readInt(); i > 0; i--) {
            long offset = h.readLong();
            List<String> names = new ArrayList<>();
            for (int n = h.readInt(); n > 0; n--) {
                names.add(h.readUTF());
            }
            ls.add(new IndexBuilder.Layout(offset, List.copyOf(names)));
        }
        layouts = List.copyOf(ls);
        columns = ls.stream().map(l -> ColumnMap.of(l.names())).toList();
        List<MalformedLine> ms = new ArrayList<>();
        for (int i = h.readInt(); i > 0; i--) {
            ms.add(new MalformedLine("", h.readLong(), h.readUTF()));
        }
        malformed = List.copyOf(ms);
        records = h.readInt();
        int entryCount = h.readInt();
        LongBuffer all = body.asLongBuffer();
        times = all.slice(0, records);
        offsets = all.slice(records, records);
        lines = all.slice(2 * records, records);
        entries = all.slice(3 * records, entryCount);
    }

    static Optional<IndexFile> read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (map.limit() < 12 || map.getInt(0) != MAGIC || map.getInt(4) != VERSION) {
                return Optional.empty();
            }
            int headerLength = map.getInt(8);
            byte[] header = new byte[headerLength];
            map.get(12, header);
            int bodyStart = (12 + headerLength + 7) & ~7;
            ByteBuffer body = map.slice(bodyStart, map.limit() - bodyStart);
            return Optional.of(new IndexFile(new DataInputStream(new ByteArrayInputStream(header)), body));
        }
    }

    static void write(Path path, long logSize, long logModified, IndexBuilder b) throws IOException {
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(headerBytes);
        h.writeLong(logSize);
        h.writeLong(logModified);
        h.writeLong(b.minTime);
        h.writeLong(b.maxTime);
        h.writeInt(b.layouts.size());
        for (IndexBuilder.Layout l : b.layouts) {
            h.writeLong(l.offset());
            h.writeInt(l.names().size());
            for (String n : l.names()) {
                h.writeUTF(n);
            }
        }
        h.writeInt(b.malformed.size());
        for (MalformedLine m : b.malformed) {
            h.writeLong(m.line());
            h.writeUTF(m.reason().length() > 2000 ? m.reason().substring(0, 2000) : m.reason());
        }
        h.writeInt(b.times.size());
        h.writeInt(b.entries.size());
        h.flush();
        b.entries.sort();
        int headerLength = headerBytes.size();
        int bodyStart = (12 + headerLength + 7) & ~7;
        long total = bodyStart + 8L * (3L * b.times.size() + b.entries.size());
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total));
        out.putInt(MAGIC).putInt(VERSION).putInt(headerLength).put(headerBytes.toByteArray());
        out.position(bodyStart);
        LongBuffer longs = out.asLongBuffer();
        longs.put(b.times.array(), 0, b.times.size());
        longs.put(b.offsets.array(), 0, b.offsets.size());
        longs.put(b.lines.array(), 0, b.lines.size());
        longs.put(b.entries.array(), 0, b.entries.size());
        out.position(0);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }
    }

    int records() {
        return records;
    }

    LogIndex.Summary summary() {
        return new LogIndex.Summary(logSize, logModified, minTime, maxTime, records, malformed.size());
    }

    long time(int record) {
        return times.get(record);
    }

    long offset(int record) {
        return offsets.get(record);
    }

    long line(int record) {
        return lines.get(record);
    }

    /** Record numbers whose indexed value of this kind may equal the normalized value (hash match). */
    void candidates(IndexKey key, String normalized, IntSink into) {
        long lo = (long) key.hash(normalized) << 32;
        int i = firstAtLeast(lo);
        for (; i < entries.limit(); i++) {
            long e = entries.get(i);
            if ((e & 0xffffffff00000000L) != lo) {
                break;
            }
            into.add((int) e);
        }
    }

    private int firstAtLeast(long key) {
        int lo = 0;
        int hi = entries.limit();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The {@code #Fields} layout in force at this offset, or empty for a headerless part (layout by column count). */
    Optional<ColumnMap> layoutAt(long offset) {
        ColumnMap found = null;
        for (int i = 0; i < layouts.size() && layouts.get(i).offset() < offset; i++) {
            found = columns.get(i);
        }
        return Optional.ofNullable(found);
    }

    interface IntSink {
        void add(int value);
    }
}
