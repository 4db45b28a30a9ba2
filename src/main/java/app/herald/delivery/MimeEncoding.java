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
     * The transfer encoding Jakarta Mail would choose: 7bit for short-lined ASCII without control
     * characters, base64 when most bytes are not ASCII, quoted-printable otherwise. Works on the
     * characters: encoding a UTF-16 string to a UTF-8 array first costs as much as the rest.
     */
    static String transferEncoding(String text) {
        int nonAscii = 0;
        int bytes = 0;
        int line = 0;
        int longest = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int n = c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
            bytes += n;
            if (c >= 0x7f || (c < 0x20 && c != '\r' && c != '\n' && c != '\t')) {
                nonAscii += n;
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
        return nonAscii > bytes - nonAscii ? "base64" : "quoted-printable";
    }

    /** Writes text as UTF-8 in the given transfer encoding, line breaks as CRLF; the caller ends the part. */
    static void body(Bytes out, String text, String encoding) {
        switch (encoding) {
            case "7bit" -> sevenBit(out, text);
            case "base64" -> {
                byte[] encoded = BASE64.encode(text.getBytes(StandardCharsets.UTF_8));
                out.put(encoded, 0, encoded.length);
            }
            default -> quotedPrintable(out, text);
        }
    }

    /** ASCII only (see {@link #transferEncoding}). */
    private static void sevenBit(Bytes out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.crlf();
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                out.put((byte) c);
            }
        }
    }

    /**
     * Line breaks of the text stay hard breaks (CRLF); long lines get soft breaks; spaces before a
     * break are encoded. One pass over the characters straight into the output array: this runs for
     * every message, over a few kilobytes of HTML.
     */
    private static void quotedPrintable(Bytes out, String text) {
        char[] cs = text.toCharArray();
        int n = cs.length;
        // room for ASCII (at most 3 bytes each, plus soft breaks); non-ASCII characters make more room as they come
        out.ensure(n * 3 + n / 24 * 3 + 16);
        byte[] b = out.buf;
        int p = out.len;
        int col = 0;
        byte[] utf8 = new byte[4];
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && cs[i + 1] == '\n') {
                    i++;
                }
                b[p++] = '\r';
                b[p++] = '\n';
                col = 0;
                continue;
            }
            if (c < 0x80) {
                boolean literal = c >= 33 && c <= 126 && c != '=';
                if (!literal && (c == ' ' || c == '\t')) {
                    literal = i + 1 < n && cs[i + 1] != '\r' && cs[i + 1] != '\n';
                }
                int width = literal ? 1 : 3;
                if (col + width > QP_LINE) {
                    b[p++] = '=';
                    b[p++] = '\r';
                    b[p++] = '\n';
                    col = 0;
                }
                if (literal) {
                    b[p++] = (byte) c;
                } else {
                    b[p++] = '=';
                    b[p++] = HEX[c >> 4];
                    b[p++] = HEX[c & 0xf];
                }
                col += width;
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
                cp = Character.toCodePoint(c, cs[++i]);
            } else if (Character.isSurrogate(c)) {
                cp = '?'; // a lone surrogate has no UTF-8 form; String.getBytes writes '?' too
            }
            int count = utf8(cp, utf8);
            out.len = p;
            out.ensure(count * 6 + 3 * (n - i) + n / 24 * 3 + 16);
            b = out.buf;
            for (int k = 0; k < count; k++) {
                if (col + 3 > QP_LINE) {
                    b[p++] = '=';
                    b[p++] = '\r';
                    b[p++] = '\n';
                    col = 0;
                }
                int v = utf8[k] & 0xff;
                b[p++] = '=';
                b[p++] = HEX[v >> 4];
                b[p++] = HEX[v & 0xf];
                col += 3;
            }
        }
        out.len = p;
    }

    private static int utf8(int cp, byte[] b) {
        if (cp < 0x80) {
            b[0] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            b[0] = (byte) (0xc0 | cp >> 6);
            b[1] = (byte) (0x80 | cp & 0x3f);
            return 2;
        }
        if (cp < 0x10000) {
            b[0] = (byte) (0xe0 | cp >> 12);
            b[1] = (byte) (0x80 | cp >> 6 & 0x3f);
            b[2] = (byte) (0x80 | cp & 0x3f);
            return 3;
        }
        b[0] = (byte) (0xf0 | cp >> 18);
        b[1] = (byte) (0x80 | cp >> 12 & 0x3f);
        b[2] = (byte) (0x80 | cp >> 6 & 0x3f);
        b[3] = (byte) (0x80 | cp & 0x3f);
        return 4;
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
