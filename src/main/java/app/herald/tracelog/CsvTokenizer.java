package app.herald.tracelog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits one CSV record (RFC 4180, as Exchange writes it) out of a byte buffer into field offsets,
 * without copying or decoding: the scanner compares bytes and decodes only the records it keeps.
 * Quoted fields may hold commas, doubled quotes, CR and LF.
 *
 * <p>A quoted field that is never closed would swallow the rest of the file, so a line break
 * inside quotes that is followed by what looks like the next record (a date-time or a {@code #}
 * header) ends the broken record there: it is reported and reading goes on with the next line.
 */
final class CsvTokenizer {
    /** The buffer ends before the record does: refill and call again from the same position. */
    static final int NEED_MORE = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** {@link #plainFields} found a field that starts with a quote, at {@link #quoteAt}. */
    private static final int QUOTE = -2;
    private static final long ONES = 0x0101010101010101L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long COMMAS = ONES * ',';
    private static final long LINE_FEEDS = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    /**
     * Whether the JVM has the Vector API for the 64-byte masks ({@link VectorBlocks}: {@code herald
     * serve}); the module is looked for first, so that the class is not loaded without it.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorBlocks.usable();

    /** {@link VectorBlocks} or the SWAR code below, for the same results (tests run both). */
    private final boolean vector;

    private int[] starts = new int[32];
    private int[] ends = new int[32];
    /** Per field: 0 plain, 1 quoted, 2 quoted with doubled quotes inside (needs unescaping). */
    private byte[] kinds = new byte[32];
    private int count;
    private int quoteAt;
    private int lineBreaks;
    private String error;

    CsvTokenizer() {
        this(VECTOR_API);
    }

    CsvTokenizer(boolean vector) {
        this.vector = vector;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    boolean escaped(int i) {
        return kinds[i] == 2;
    }

    /** Line breaks consumed by the last record, its own terminator included. */
    int lineBreaks() {
        return lineBreaks;
    }

    /** Why the last record is malformed, or null when it is well-formed. */
    String error() {
        return error;
    }

    /**
     * Tokenizes the record starting at {@code pos}. Returns the position after it (its line break
     * included), or {@link #NEED_MORE} when {@code limit} cuts it and more input may follow.
     */
    int parse(byte[] b, int pos, int limit, boolean eof) {
        count = 0;
        lineBreaks = 0;
        error = null;
        int i = pos;
        while (true) {
            if (count == starts.length) {
                grow();
            }
            if (i < limit && b[i] == '"') {
                i = quoted(b, i + 1, limit, eof);
                if (i < 0 || error != null) {
                    return i;
                }
                if (i >= limit) {
                    if (!eof) {
                        return NEED_MORE;
                    }
                    return limit;
                }
                byte c = b[i];
                if (c == ',') {
                    i++;
                    continue;
                }
                if (c == '\n') {
                    lineBreaks++;
                    return i + 1;
                }
                if (c == '\r' && (i + 1 < limit && b[i + 1] == '\n')) {
                    lineBreaks++;
                    return i + 2;
                }
                if (c == '\r' && i + 1 >= limit) {
                    return eof ? limit : NEED_MORE;
                }
                error = "unexpected character '" + (char) (c & 0xff) + "' after a closing quote in field " + count;
                return skipLine(b, i, limit, eof);
            }
            i = plainFields(b, i, limit, eof);
            if (i != QUOTE) {
                return i;
            }
            i = quoteAt;
        }
    }

    /**
     * Reads unquoted fields from {@code s}: returns the position after the line break that ends
     * the record, {@link #QUOTE} when a field starts with a quote (at {@link #quoteAt}), or
     * {@link #NEED_MORE}. This loop is most of a full scan's time. It looks at 64 bytes per step:
     * eight 8-byte words (SWAR: a byte equal to ',' or LF becomes a zero byte, found exactly by the
     * has-zero-byte test), their eight-bit masks put together into one 64-bit mask of commas whose
     * bits are then taken in order; the mask of line feeds is made only for the one block in seven
     * or so that holds one. One mask per 64 bytes instead of per word means one hard-to-predict loop
     * exit per 64 bytes instead of per 8: about 15% less CPU for the tokenizer on the benchmark's
     * logs. The last bytes before {@code limit} go eight, then one at a time. With the Vector API
     * the two masks of a block are two compares ({@link VectorBlocks}).
     */
    private int plainFields(byte[] b, int s, int limit, boolean eof) {
        int i = s;
        while (i + 64 <= limit) {
            long commas;
            long lfs;
            if (vector) {
                commas = VectorBlocks.mask(b, i, (byte) ',');
                lfs = VectorBlocks.mask(b, i, (byte) '\n');
            } else {
                commas = 0;
                long anyLf = 0;
                for (int k = 0; k < 64; k += 8) {
                    long w = (long) LONGS.get(b, i + k);
                    commas |= bits(zeroBytes(w ^ COMMAS)) << k;
                    anyLf |= zeroBytes(w ^ LINE_FEEDS);
                }
                lfs = 0;
                if (anyLf != 0) {
                    for (int k = 0; k < 64; k += 8) {
                        lfs |= bits(zeroBytes((long) LONGS.get(b, i + k) ^ LINE_FEEDS)) << k;
                    }
                }
            }
            if (lfs != 0) {
                commas &= (lfs & -lfs) - 1;
            }
            while (commas != 0) {
                int p = i + Long.numberOfTrailingZeros(commas);
                commas &= commas - 1;
                add(s, p);
                s = p + 1;
                if (s < limit && b[s] == '"') {
                    quoteAt = s;
                    return QUOTE;
                }
            }
            if (lfs != 0) {
                int p = i + Long.numberOfTrailingZeros(lfs);
                add(s, p > s && b[p - 1] == '\r' ? p - 1 : p);
                lineBreaks++;
                return p + 1;
            }
            i += 64;
        }
        while (i + 8 <= limit) {
            long w = (long) LONGS.get(b, i);
            long hit = zeroBytes(w ^ COMMAS) | zeroBytes(w ^ LINE_FEEDS);
            while (hit != 0) {
                int p = i + (Long.numberOfTrailingZeros(hit) >>> 3);
                hit &= hit - 1;
                if (b[p] == '\n') {
                    add(s, p > s && b[p - 1] == '\r' ? p - 1 : p);
                    lineBreaks++;
                    return p + 1;
                }
                add(s, p);
                s = p + 1;
                if (s < limit && b[s] == '"') {
                    quoteAt = s;
                    return QUOTE;
                }
            }
            i += 8;
        }
        for (i = Math.max(i, s); i < limit; i++) {
            byte c = b[i];
            if (c == ',') {
                add(s, i);
                s = i + 1;
                if (s < limit && b[s] == '"') {
                    quoteAt = s;
                    return QUOTE;
                }
            } else if (c == '\n') {
                add(s, i > s && b[i - 1] == '\r' ? i - 1 : i);
                lineBreaks++;
                return i + 1;
            }
        }
        if (!eof) {
            return NEED_MORE;
        }
        add(s, limit > s && b[limit - 1] == '\r' ? limit - 1 : limit);
        return limit;
    }

    /** The high bits of the eight bytes of {@code m} (as {@link #zeroBytes} sets them) as the low eight bits. */
    private static long bits(long m) {
        return ((m >>> 7) * 0x0102040810204080L) >>> 56;
    }

    private void add(int s, int e) {
        if (count == starts.length) {
            grow();
        }
        starts[count] = s;
        ends[count] = e;
        kinds[count] = 0;
        count++;
    }

    /** High bit set in exactly the bytes of {@code x} that are zero (no false positives, unlike the shorter test). */
    private static long zeroBytes(long x) {
        long y = (x & LOWS) + LOWS;
        return ~(y | x | LOWS);
    }

    /** Reads a quoted field whose content starts at {@code i}; returns the position after the closing quote. */
    private int quoted(byte[] b, int i, int limit, boolean eof) {
        int s = i;
        byte kind = 1;
        while (true) {
            // skip the field's plain content (64 bytes at a time with vectors, then eight), up to the next quote or line break
            if (vector) {
                i = VectorBlocks.skipTo(b, i, limit, (byte) '"', (byte) '\n');
            }
            while (i + 8 <= limit) {
                long w = (long) LONGS.get(b, i);
                long stops = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ LINE_FEEDS);
                if (stops != 0) {
                    i += Long.numberOfTrailingZeros(stops) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= limit) {
                if (!eof) {
                    return NEED_MORE;
                }
                error = "unterminated quoted field " + count + " at the end of the file";
                return limit;
            }
            byte c = b[i];
            if (c == '"') {
                if (i + 1 >= limit && !eof) {
                    return NEED_MORE;
                }
                if (i + 1 < limit && b[i + 1] == '"') {
                    kind = 2;
                    i += 2;
                    continue;
                }
                starts[count] = s;
                ends[count] = i;
                kinds[count] = kind;
                count++;
                return i + 1;
            }
            if (c == '\n') {
                int next = i + 1;
                int look = looksLikeRecordStart(b, next, limit, eof);
                if (look < 0) {
                    return NEED_MORE;
                }
                lineBreaks++;
                if (look == 1) {
                    error = "unterminated quoted field " + count + " (the next line starts a new record)";
                    return next;
                }
            }
            i++;
        }
    }

    /** 1 when the bytes at {@code p} start a record or header line, 0 when not, -1 when more input is needed. */
    static int looksLikeRecordStart(byte[] b, int p, int limit, boolean eof) {
        if (p < limit && b[p] == '#') {
            return 1;
        }
        if (p + 11 > limit) {
            return eof ? 0 : -1;
        }
        return digits(b, p, 4) && b[p + 4] == '-' && digits(b, p + 5, 2) && b[p + 7] == '-' && digits(b, p + 8, 2)
                && (b[p + 10] == 'T' || b[p + 10] == ' ') ? 1 : 0;
    }

    private static boolean digits(byte[] b, int p, int n) {
        for (int k = p; k < p + n; k++) {
            if (b[k] < '0' || b[k] > '9') {
                return false;
            }
        }
        return true;
    }

    private int skipLine(byte[] b, int i, int limit, boolean eof) {
        while (i < limit) {
            if (b[i++] == '\n') {
                lineBreaks++;
                return i;
            }
        }
        return eof ? limit : NEED_MORE;
    }

    private void grow() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        kinds = Arrays.copyOf(kinds, n);
    }
}
