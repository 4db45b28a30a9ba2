package app.herald.tracking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's binary COPY format (the COPY page of its manual, "Binary Format"), sent
 * with one {@code COPY ... FROM STDIN (FORMAT binary)}. The server stores them as they come:
 * nothing is parsed (a time is its microseconds, a number its bytes), and it inserts whole pages
 * at once, where {@code INSERT ... SELECT FROM unnest(...)} parses each array and inserts row by row.
 * Each row must give the columns the statement lists, in its order.
 */
final class BinaryCopy {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds after the Unix one. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final int columns;
    private byte[] buf = new byte[1 << 16];
    private int len;

    BinaryCopy(int columns) {
        this.columns = columns;
        put(HEADER, 0, HEADER.length);
    }

    void row() {
        short16(columns);
    }

    void int8(long v) {
        int32(8);
        room(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    void int8(Long v) {
        if (v == null) {
            nul();
        } else {
            int8(v.longValue());
        }
    }

    void int4(int v) {
        int32(4);
        int32(v);
    }

    void int4(Integer v) {
        if (v == null) {
            nul();
        } else {
            int4(v.intValue());
        }
    }

    void bool(Boolean v) {
        if (v == null) {
            nul();
        } else {
            int32(1);
            room(1);
            buf[len++] = (byte) (v ? 1 : 0);
        }
    }

    void text(String s) {
        if (s == null) {
            nul();
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int32(b.length);
        put(b, 0, b.length);
    }

    /** A timestamptz: microseconds since 2000-01-01 UTC. */
    void timestamptz(Instant t) {
        int8(unixMicros(t) - PG_EPOCH_MICROS);
    }

    /** Microseconds since the Unix epoch, to the nearest one (as PostgreSQL rounds a time given as text, ties aside). */
    static long unixMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + (t.getNano() + 500) / 1_000;
    }

    /** Sends the rows with {@code copySql} (a COPY ... FROM STDIN (FORMAT binary)) in the handle's transaction; returns the rows stored. */
    long copyIn(Handle h, String copySql) {
        short16(-1);
        try {
            return h.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copySql, new ByteArrayInputStream(buf, 0, len), len);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read rows held in memory", e);
        }
    }

    private void nul() {
        int32(-1);
    }

    private void short16(int v) {
        room(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int32(int v) {
        room(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void put(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
