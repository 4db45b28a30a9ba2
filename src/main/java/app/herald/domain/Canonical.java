package app.herald.domain;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The "relaxed" canonicalizations of RFC 6376 section 3.4.2 (header) and 3.4.4 (body), on bytes. */
final class Canonical {
    private Canonical() {
    }

    /**
     * A header field ({@code bytes[start, end)}, folding included, no final CRLF) as
     * {@code lowercase-name:value}: unfolded, runs of spaces and tabs reduced to one space, none
     * around the colon or at the ends of the value. Without the final CRLF.
     */
    static byte[] header(byte[] b, int start, int end) {
        byte[] out = new byte[end - start];
        int o = 0;
        int i = start;
        while (i < end && b[i] != ':') {
            byte c = b[i++];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            out[o++] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        out[o++] = ':';
        i++;
        boolean space = false;
        boolean started = false;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && started) {
                out[o++] = ' ';
            }
            space = false;
            started = true;
            out[o++] = c;
        }
        return Arrays.copyOf(out, o);
    }

    /**
     * The body {@code b[start, end)} (CRLF line ends): spaces and tabs at line ends removed, other
     * runs of them reduced to one space, empty lines at the end removed, and a non-empty body ending
     * in CRLF. An empty body stays empty.
     */
    static byte[] body(byte[] b, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 2);
        byte[] line = new byte[256];
        int emptyLines = 0;
        int i = start;
        while (i < end) {
            int eol = Math.min(MessageBytes.lineEnd(b, i), end);
            if (line.length < eol - i) {
                line = new byte[eol - i];
            }
            int n = 0;
            boolean space = false;
            for (int j = i; j < eol; j++) {
                byte c = b[j];
                if (c == ' ' || c == '\t') {
                    space = true;
                } else {
                    if (space) {
                        line[n++] = ' ';
                        space = false;
                    }
                    line[n++] = c;
                }
            }
            if (n == 0) {
                emptyLines++;
            } else {
                for (; emptyLines > 0; emptyLines--) {
                    out.write('\r');
                    out.write('\n');
                }
                out.write(line, 0, n);
                out.write('\r');
                out.write('\n');
            }
            i = eol + 2;
        }
        return out.toByteArray();
    }
}
