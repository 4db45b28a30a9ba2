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
     * characters, base64 when most bytes are not ASCII, quoted-printable otherwise.
     */
    static String transferEncoding(byte[] utf8) {
        int nonAscii = 0;
        int line = 0;
        int longest = 0;
        for (byte b : utf8) {
            if (b < 0 || b == 0x7f || (b < 0x20 && b != '\r' && b != '\n' && b != '\t')) {
                nonAscii++;
            }
            if (b == '\n') {
                line = 0;
            } else if (b != '\r') {
                longest = Math.max(longest, ++line);
            }
        }
        if (nonAscii == 0 && longest <= MAX_7BIT_LINE) {
            return "7bit";
        }
        return nonAscii > utf8.length - nonAscii ? "base64" : "quoted-printable";
    }

    /** Writes text (UTF-8) in the given transfer encoding, line breaks as CRLF; the caller ends the part. */
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

    private static void sevenBit(Bytes out, byte[] utf8) {
        int start = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\n' || utf8[i] == '\r') {
                out.put(utf8, start, i - start).crlf();
                if (utf8[i] == '\r' && i + 1 < utf8.length && utf8[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.put(utf8, start, utf8.length - start);
    }

    /** Line breaks of the text stay hard breaks (CRLF); long lines get soft breaks; spaces before a break are encoded. */
    private static void quotedPrintable(Bytes out, byte[] utf8) {
        int col = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < utf8.length && utf8[i + 1] == '\n') {
                    i++;
                }
                out.crlf();
                col = 0;
                continue;
            }
            boolean lineEnds = i + 1 == utf8.length || utf8[i + 1] == '\r' || utf8[i + 1] == '\n';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnds);
            int width = literal ? 1 : 3;
            if (col + width > QP_LINE) {
                out.put((byte) '=').crlf();
                col = 0;
            }
            if (literal) {
                out.put((byte) b);
            } else {
                out.put((byte) '=').put(HEX[b >> 4]).put(HEX[b & 0xf]);
            }
            col += width;
        }
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
