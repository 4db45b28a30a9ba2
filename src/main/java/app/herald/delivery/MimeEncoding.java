package app.herald.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The content encodings of RFC 2045 and the encoded words of RFC 2047, written straight into a
 * byte buffer. Jakarta Mail does the same through a chain of filter streams that write byte by byte
 * and look up a provider with a {@link java.util.ServiceLoader} scan of the class path for every
 * body part (jakartaee/mail-api issue 861); per message that cost more than rendering.
 */
final class MimeEncoding {
    /** Longest encoded line (RFC 2045 allows 76 characters; the soft break '=' is the 76th). */
    private static final int QP_LINE = 75;
    private static final int MAX_7BIT_LINE = 998;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /**
     * Per byte, how many more bytes quoted-printable writes for it: 2 for "=XX" (controls, '=',
     * non-ASCII bytes, and spaces and tabs, which are written as they are unless a line break
     * follows), 1 for a CR or LF (each may become a CRLF), 0 for the rest, written as they are.
     */
    private static final byte[] QP_EXTRA = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            QP_EXTRA[v] = (byte) (v == '\r' || v == '\n' ? 1 : v >= 33 && v <= 126 && v != '=' ? 0 : 2);
        }
    }

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});

    private MimeEncoding() {
    }

    /** A growable byte array; what the message is written into. */
    static final class Bytes {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        /** Only for ASCII strings (header names and values, boundaries). */
        Bytes ascii(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            return put(b, 0, b.length);
        }

        Bytes crlf() {
            return put((byte) '\r').put((byte) '\n');
        }

        Bytes put(byte b) {
            ensure(1);
            buf[len++] = b;
            return this;
        }

        Bytes put(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
            return this;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, len);
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }
    }

    /**
     * The transfer encoding Jakarta Mail would choose for this UTF-8 text: 7bit for short-lined
     * ASCII without control characters, base64 when most bytes are not ASCII, quoted-printable otherwise.
     */
    static String transferEncoding(byte[] utf8) {
        int nonAscii = 0;
        int line = 0;
        int longest = 0;
        for (byte v : utf8) {
            int c = v & 0xff;
            if (c >= 0x7f || c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                nonAscii++;
            }
            if (c == '\n') {
                line = 0;
            } else if (c != '\r') {
                longest = Math.max(longest, ++line);
            }
        }
        if (nonAscii == 0 && longest <= MAX_7BIT_LINE) {
            return "7bit";
        }
        return nonAscii > utf8.length - nonAscii ? "base64" : "quoted-printable";
    }

    /**
     * Writes UTF-8 text in the given transfer encoding, line breaks as CRLF; the caller ends the
     * part. The text comes as bytes: one intrinsic encoding of the string is cheaper than going
     * through its characters, and it serves both the choice of encoding and the encoding.
     */
    static void body(Bytes out, byte[] utf8, String encoding) {
        switch (encoding) {
            case "7bit" -> sevenBit(out, utf8);
            case "base64" -> {
                byte[] encoded = BASE64.encode(utf8);
                out.put(encoded, 0, encoded.length);
            }
            default -> quotedPrintable(out, utf8);
        }
    }

    /** ASCII only (see {@link #transferEncoding}). */
    private static void sevenBit(Bytes out, byte[] ascii) {
        int n = ascii.length;
        out.ensure(2 * n);
        byte[] b = out.buf;
        int p = out.len;
        for (int i = 0; i < n; i++) {
            byte c = ascii[i];
            if (c == '\r' || c == '\n') {
                b[p++] = '\r';
                b[p++] = '\n';
                if (c == '\r' && i + 1 < n && ascii[i + 1] == '\n') {
                    i++;
                }
            } else {
                b[p++] = c;
            }
        }
        out.len = p;
    }

    /**
     * Line breaks of the text stay hard breaks (CRLF); long lines get soft breaks; spaces before a
     * break are encoded. This runs for every message, over a few kilobytes of HTML: the output
     * size is bounded in a first pass so that the buffer grows at most once, then one pass writes
     * straight into it.
     */
    private static void quotedPrintable(Bytes out, byte[] in) {
        int n = in.length;
        int extra = 0; // output bytes beyond one per input byte, soft breaks aside
        for (byte v : in) {
            extra += QP_EXTRA[v & 0xff];
        }
        // a soft break ends a line of at least QP_LINE - 2 characters
        out.ensure(n + extra + 3 * ((n + extra) / (QP_LINE - 2) + 1));
        byte[] b = out.buf;
        int p = out.len;
        int col = 0;
        for (int i = 0; i < n; i++) {
            byte c = in[i];
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && in[i + 1] == '\n') {
                    i++;
                }
                b[p++] = '\r';
                b[p++] = '\n';
                col = 0;
                continue;
            }
            boolean literal = QP_EXTRA[c & 0xff] == 0;
            if (c == ' ' || c == '\t') {
                literal = i + 1 < n && in[i + 1] != '\r' && in[i + 1] != '\n';
            }
            int width = literal ? 1 : 3;
            if (col + width > QP_LINE) {
                b[p++] = '=';
                b[p++] = '\r';
                b[p++] = '\n';
                col = 0;
            }
            if (literal) {
                b[p++] = c;
            } else {
                b[p++] = '=';
                b[p++] = HEX[(c & 0xff) >> 4];
                b[p++] = HEX[c & 0xf];
            }
            col += width;
        }
        out.len = p;
    }

    /**
     * A header value as RFC 2047 encoded words (UTF-8, base64), each at most 75 characters, folded
     * onto continuation lines; never splits a character. Plain ASCII is returned as it is.
     */
    static String encodedWords(String value) {
        if (isAscii(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() * 2);
        int start = 0;
        while (start < value.length()) {
            int end = start;
            int bytes = 0;
            while (end < value.length()) {
                int cp = value.codePointAt(end);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (bytes + n > 45) { // 45 bytes are 60 base64 characters: 72 with the "=?UTF-8?B?" "?=" frame
                    break;
                }
                bytes += n;
                end += Character.charCount(cp);
            }
            if (start > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(value.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
            start = end;
        }
        return out.toString();
    }

    /**
     * Folds a header value (one line, no CR or LF) before whitespace so that lines stay within 76
     * characters where possible, as Jakarta Mail's MimeUtility.fold does; {@code used} is what the
     * line already holds ("Subject: " is 9). A plain loop: MimeUtility.fold is one of the largest
     * methods the JIT compiles while a campaign is sent.
     */
    static String fold(int used, String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        value = value.substring(0, end);
        if (used + value.length() <= 76) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        String s = value;
        char lastc = 0;
        while (used + s.length() > 76) {
            int lastspace = -1;
            for (int i = 0; i < s.length(); i++) {
                if (lastspace != -1 && used + i > 76) {
                    break;
                }
                char c = s.charAt(i);
                if ((c == ' ' || c == '\t') && lastc != ' ' && lastc != '\t') {
                    lastspace = i;
                }
                lastc = c;
            }
            if (lastspace == -1) {
                break; // nowhere to fold: the line stays long
            }
            out.append(s, 0, lastspace).append("\r\n");
            lastc = s.charAt(lastspace);
            out.append(lastc);
            s = s.substring(lastspace + 1);
            used = 1;
        }
        return out.append(s).toString();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
