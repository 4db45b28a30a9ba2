package app.herald.tracelog;

import java.nio.charset.StandardCharsets;

/**
 * The keys the sidecar index holds for each record, and their 32-bit hashes. A hash only narrows
 * the search: every record found through it is parsed and checked again, so a collision costs a
 * read, never a wrong answer. Values are compared without ASCII case and message ids without
 * their angle brackets, exactly as {@link RecordFilter} compares them.
 */
enum IndexKey {
    SENDER(RecordField.SENDER_ADDRESS),
    RECIPIENT(RecordField.RECIPIENT_ADDRESS),
    MESSAGE_ID(RecordField.MESSAGE_ID),
    INTERNAL_MESSAGE_ID(RecordField.INTERNAL_MESSAGE_ID),
    NETWORK_MESSAGE_ID(RecordField.NETWORK_MESSAGE_ID);

    final RecordField field;

    IndexKey(RecordField field) {
        this.field = field;
    }

    /** Hash of a normalized value (as {@link #normalize} returns it). */
    int hash(String normalized) {
        byte[] b = normalized.getBytes(StandardCharsets.UTF_8);
        return hash(b, 0, b.length);
    }

    /** Hash of raw field bytes: ASCII letters folded to lower case, message-id brackets already cut by the caller. */
    int hash(byte[] b, int s, int e) {
        long h = 0xcbf29ce484222325L ^ (ordinal() + 1) * 0x9E3779B97F4A7C15L;
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h >>> 32);
    }

    /** The form values are compared in: stripped, ASCII lower case, message ids without {@code <>}. */
    static String normalize(RecordField field, String value) {
        String v = value.strip();
        if (field == RecordField.MESSAGE_ID && v.length() >= 2 && v.charAt(0) == '<' && v.charAt(v.length() - 1) == '>') {
            v = v.substring(1, v.length() - 1).strip();
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }
}
