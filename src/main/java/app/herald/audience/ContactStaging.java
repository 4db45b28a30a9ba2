package app.herald.audience;

import app.herald.HeraldException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Streams accepted rows into the import's temporary table with COPY (text format), a buffer at a
 * time, so that an import of any size holds only one buffer in memory.
 */
final class ContactStaging {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLUSH_CHARS = 256 * 1024;

    private final CopyIn copy;
    private final long listId;
    private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
    private long rows;

    ContactStaging(CopyIn copy, long listId) {
        this.copy = copy;
        this.listId = listId;
    }

    void add(ContactRow row) {
        buffer.append(row.line()).append('\t');
        field(row.email());
        field(row.firstName());
        field(row.lastName());
        field(row.company());
        field(row.country());
        field(row.language());
        field(row.timezone());
        try {
            escape(JSON.writeValueAsString(row.attributes()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
        buffer.append('\t');
        field(row.trackingConsent() == null ? null : row.trackingConsent().dbName());
        buffer.setLength(buffer.length() - 1); // the last field ends the line, not a tab
        buffer.append('\n');
        rows++;
        if (buffer.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    /** Sends what is buffered and ends the COPY. */
    void finish() {
        flush();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Abandons the COPY so that the connection can roll back; safe to call in any state. */
    void cancel() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is being rolled back anyway; the original failure is what matters
            }
        }
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw failed(e);
        }
        buffer.setLength(0);
    }

    private HeraldException failed(SQLException e) {
        return new HeraldException("importing contacts into list " + listId + " failed in the database after "
                + rows + " rows: " + e.getMessage() + "; nothing was imported", e);
    }

    private void field(String value) {
        if (value == null) {
            buffer.append("\\N");
        } else {
            escape(value);
        }
        buffer.append('\t');
    }

    /** COPY's text format gives backslash, tab, CR and LF a meaning; everything else is taken as is. */
    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
    }
}
