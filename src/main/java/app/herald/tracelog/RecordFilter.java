package app.herald.tracelog;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Criteria} compiled for the scanner: it compares the record's bytes in place, ASCII case
 * folded, and decodes a field only when it must (quoted with doubled quotes, or the subject).
 */
final class RecordFilter {
    private final long start;
    private final long end;
    private final RecordField[] fields;
    private final byte[][][] values;
    private final byte[][] recipients;
    private final byte[][] references;
    private final Optional<String> subject;

    RecordFilter(Criteria c) {
        this.start = c.start();
        this.end = c.end();
        this.fields = c.equal().keySet().toArray(RecordField[]::new);
        this.values = new byte[fields.length][][];
        for (int i = 0; i < fields.length; i++) {
            values[i] = bytes(c.equal().get(fields[i]));
        }
        this.recipients = c.recipients().isEmpty() ? null : bytes(c.recipients());
        this.references = c.references().isEmpty() ? null : bytes(c.references());
        this.subject = c.subject();
    }

    boolean matches(RawRecord r) {
        if (r.time < start || r.time >= end) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!fieldIs(r, fields[i], values[i])) {
                return false;
            }
        }
        if (recipients != null && !anyPart(r, RecordField.RECIPIENT_ADDRESS, recipients)) {
            return false;
        }
        if (references != null && !anyPart(r, RecordField.REFERENCE, references)) {
            return false;
        }
        return subject.isEmpty() || r.string(RecordField.MESSAGE_SUBJECT).toLowerCase(Locale.ROOT).contains(subject.get());
    }

    private static boolean fieldIs(RawRecord r, RecordField f, byte[][] wanted) {
        int s = r.start(f);
        if (s < 0) {
            return false;
        }
        if (r.escaped(f)) {
            return anyOf(IndexKey.normalize(f, r.string(f)).getBytes(StandardCharsets.UTF_8), wanted);
        }
        int e = r.end(f);
        while (s < e && r.buf[s] == ' ') {
            s++;
        }
        while (e > s && r.buf[e - 1] == ' ') {
            e--;
        }
        if (f == RecordField.MESSAGE_ID && e - s >= 2 && r.buf[s] == '<' && r.buf[e - 1] == '>') {
            s++;
            e--;
        }
        return anyOf(r.buf, s, e, wanted);
    }

    private static boolean anyPart(RawRecord r, RecordField f, byte[][] wanted) {
        int s = r.start(f);
        if (s < 0) {
            return false;
        }
        if (r.escaped(f)) {
            for (String part : LogRecord.split(r.string(f))) {
                if (anyOf(IndexKey.normalize(f, part).getBytes(StandardCharsets.UTF_8), wanted)) {
                    return true;
                }
            }
            return false;
        }
        byte[] b = r.buf;
        int e = r.end(f);
        int p = s;
        while (p <= e) {
            int q = p;
            while (q < e && b[q] != ';') {
                q++;
            }
            int a = p;
            int z = q;
            while (a < z && b[a] == ' ') {
                a++;
            }
            while (z > a && b[z - 1] == ' ') {
                z--;
            }
            if (anyOf(b, a, z, wanted)) {
                return true;
            }
            p = q + 1;
        }
        return false;
    }

    private static boolean anyOf(byte[] value, byte[][] wanted) {
        return anyOf(value, 0, value.length, wanted);
    }

    static boolean anyOf(byte[] b, int s, int e, byte[][] wanted) {
        int len = e - s;
        for (byte[] w : wanted) {
            if (w.length == len && foldedEquals(b, s, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean foldedEquals(byte[] b, int s, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            int c = b[s + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] bytes(Set<String> normalized) {
        return normalized.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}
