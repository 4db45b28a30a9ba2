package app.herald.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 5322 message as the bytes that go on the wire, split into header fields and body without
 * copying. Line ends are normalised to CRLF first, as the SMTP transport would send them, so that
 * what is hashed is what is transmitted.
 */
final class MessageBytes {
    /** One header field: {@code bytes[start, end)} without its final CRLF, folding included. */
    record Field(String name, int start, int end) {
    }

    final byte[] bytes;
    final List<Field> fields;
    final int bodyStart;

    private MessageBytes(byte[] bytes, List<Field> fields, int bodyStart) {
        this.bytes = bytes;
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    static MessageBytes parse(byte[] raw) {
        byte[] b = crlf(raw);
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        String name = null;
        int fieldStart = 0;
        int fieldEnd = 0;
        while (pos < b.length) {
            int eol = lineEnd(b, pos);
            if (eol == pos) {
                break;
            }
            if (b[pos] == ' ' || b[pos] == '\t') {
                if (name == null) {
                    throw new IllegalArgumentException("not a message: it starts with a folded header line");
                }
                fieldEnd = eol;
            } else {
                if (name != null) {
                    fields.add(new Field(name, fieldStart, fieldEnd));
                }
                name = fieldName(b, pos, eol);
                fieldStart = pos;
                fieldEnd = eol;
            }
            pos = Math.min(b.length, eol + 2);
        }
        if (name != null) {
            fields.add(new Field(name, fieldStart, fieldEnd));
        }
        int bodyStart = Math.min(b.length, pos + 2);
        return new MessageBytes(b, List.copyOf(fields), bodyStart);
    }

    /** The fields with this (lower-case) name, top to bottom. */
    List<Field> fields(String lowerCaseName) {
        // a loop, not a stream: the signer asks for each of 17 names per message
        List<Field> found = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name().equals(lowerCaseName)) {
                found.add(f);
            }
        }
        return found;
    }

    private static String fieldName(byte[] b, int start, int eol) {
        for (int i = start; i < eol; i++) {
            if (b[i] == ':') {
                int end = i;
                while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                    end--;
                }
                return new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            }
        }
        throw new IllegalArgumentException("not a message: header line without a colon at byte " + start);
    }

    /** Index of the CR of the next CRLF at or after {@code from}, or the length when there is none. */
    static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    /**
     * The bytes with every bare CR or LF turned into CRLF and a CRLF at the end, as Angus's SMTP
     * transport sends them; unchanged when they are so already.
     */
    static byte[] crlf(byte[] raw) {
        boolean endsInCrlf = raw.length >= 2 && raw[raw.length - 2] == '\r' && raw[raw.length - 1] == '\n';
        int bare = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n') || raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0 && (endsInCrlf || raw.length == 0)) {
            return raw;
        }
        byte[] out = new byte[raw.length + bare + 2];
        int o = 0;
        for (int i = 0; i < raw.length; i++) {
            byte c = raw[i];
            if (c == '\r') {
                out[o++] = '\r';
                out[o++] = '\n';
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out[o++] = '\r';
                out[o++] = '\n';
            } else {
                out[o++] = c;
            }
        }
        if (o < 2 || out[o - 2] != '\r' || out[o - 1] != '\n') {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        return Arrays.copyOf(out, o);
    }
}
