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

        Bytes ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
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

    /** Line breaks of the text stay hard breaks (CRLF); long lines get soft breaks; spaces before a break are encoded. */
    private static void quotedPrintable(Bytes out, String text) {
        byte[] utf8 = new byte[4];
        int col = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                out.crlf();
                col = 0;
                continue;
            }
            if (c < 0x80) {
                boolean lineEnds = i + 1 == text.length() || text.charAt(i + 1) == '\r' || text.charAt(i + 1) == '\n';
                boolean literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !lineEnds);
                if (literal) {
                    if (col + 1 > QP_LINE) {
                        out.put((byte) '=').crlf();
                        col = 0;
                    }
                    out.put((byte) c);
                    col++;
                } else {
                    col = encoded(out, c, col);
                }
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = '?'; // a lone surrogate has no UTF-8 form; String.getBytes writes '?' too
            }
            int n = utf8(cp, utf8);
            for (int k = 0; k < n; k++) {
                col = encoded(out, utf8[k] & 0xff, col);
            }
        }
    }

    private static int encoded(Bytes out, int b, int col) {
        if (col + 3 > QP_LINE) {
            out.put((byte) '=').crlf();
            col = 0;
        }
        out.put((byte) '=').put(HEX[b >> 4]).put(HEX[b & 0xf]);
        return col + 3;
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

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
