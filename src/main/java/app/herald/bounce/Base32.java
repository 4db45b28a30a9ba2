package app.herald.bounce;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * RFC 4648 base32 in lower case, without padding. VERP tokens travel in the local part of an
 * address, which some MTAs lower-case; base64 would break there, base32 survives any change of case.
 */
final class Base32 {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The bytes, or empty for a character outside the alphabet (either case) or non-zero leftover bits. */
    static Optional<byte[]> decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = ALPHABET.indexOf(Character.toLowerCase(text.charAt(i)));
            if (v < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        // the only encoding of a value is the one encode() produces: leftover bits are zero and fewer than 5
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }
}
