package app.herald.tracelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** Reads the single record at a known offset, as the index points to it. */
final class RecordAt {
    private final CsvTokenizer tokens = new CsvTokenizer();
    private final RawRecord raw = new RawRecord();
    /** A record is about 500 bytes and a longer one doubles this, so little is read that is not looked at. */
    private byte[] buf = new byte[2048];

    /** The record, or empty when the bytes there are no longer the record the index saw. */
    Optional<RawRecord> read(FileChannel ch, long fileSize, long offset, Optional<ColumnMap> layout, String file) throws IOException {
        while (true) {
            int want = (int) Math.min(buf.length, fileSize - offset);
            int n = 0;
            while (n < want) {
                int r = ch.read(ByteBuffer.wrap(buf, n, want - n), offset + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            boolean eof = offset + n >= fileSize;
            int next = tokens.parse(buf, 0, n, eof);
            if (next == CsvTokenizer.NEED_MORE) {
                buf = new byte[buf.length * 2];
                continue;
            }
            if (tokens.error() != null) {
                return Optional.empty();
            }
            ColumnMap columns = layout.or(() -> ColumnMap.byColumnCount(tokens.count())).orElse(null);
            if (columns == null || columns.size() != tokens.count()) {
                return Optional.empty();
            }
            raw.buf = buf;
            raw.tokens = tokens;
            raw.columns = columns;
            raw.file = file;
            raw.offset = offset;
            return Optional.of(raw);
        }
    }
}
