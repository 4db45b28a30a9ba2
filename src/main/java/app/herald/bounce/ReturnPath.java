package app.herald.bounce;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope sender (SMTP MAIL FROM, which the receiving MTA turns into Return-Path) of each
 * message. With a bounce domain it is a VERP address, {@code bounce+TOKEN@bounce-domain}, whose
 * token names the message, so an asynchronous bounce identifies its message even when the bounce
 * quotes nothing of it. Without a bounce domain it is the campaign's from address, and bounces
 * are matched by the headers they quote.
 *
 * <p>The token is 1 version byte, the 8-byte message id and the first 10 bytes of an HMAC-SHA256
 * over both, in lower-case base32 (31 characters): MTAs may change the case of a local part, and
 * the token must still verify. The key is derived from the tracking secret with a label of its
 * own, so the two token kinds can never be swapped for each other and there is one secret to
 * manage; changing the tracking secret also invalidates outstanding VERP tokens (bounces of older
 * messages are then matched by their quoted headers, or kept unmatched).
 */
public final class ReturnPath {
    static final String LOCAL_PREFIX = "bounce+";
    private static final byte VERSION = 1;
    private static final int PAYLOAD = 1 + 8;
    private static final int MAC_BYTES = 10;
    private static final byte[] KEY_LABEL = "herald VERP return path v1".getBytes(StandardCharsets.US_ASCII);

    private final Optional<String> domain;
    private final SecretKeySpec key;

    private ReturnPath(Optional<String> domain, SecretKeySpec key) {
        this.domain = domain;
        this.key = key;
    }

    /** No VERP: the envelope sender is the campaign's from address. */
    public static ReturnPath fromAddress() {
        return new ReturnPath(Optional.empty(), null);
    }

    /** VERP at {@code domain} when present, else {@link #fromAddress()}. */
    public static ReturnPath of(Optional<String> domain, byte[] trackingSecret) {
        Objects.requireNonNull(domain, "domain");
        if (domain.isEmpty()) {
            return fromAddress();
        }
        if (trackingSecret.length < 32) {
            throw new IllegalArgumentException("the tracking secret must have at least 32 bytes");
        }
        return new ReturnPath(domain.map(d -> d.toLowerCase(Locale.ROOT)),
                new SecretKeySpec(hmac(new SecretKeySpec(trackingSecret, "HmacSHA256"), KEY_LABEL, KEY_LABEL.length), "HmacSHA256"));
    }

    /** The bounce domain, when VERP is on. */
    public Optional<String> domain() {
        return domain;
    }

    /** The MAIL FROM address for message {@code messageId} of a campaign sent from {@code fromEmail}. */
    public String envelopeFrom(long messageId, String fromEmail) {
        return domain.map(d -> LOCAL_PREFIX + token(messageId) + "@" + d).orElse(fromEmail);
    }

    /** The message a VERP address names, when it is one of ours (any case) and its token verifies. */
    OptionalLong messageId(String address) {
        if (domain.isEmpty() || address == null) {
            return OptionalLong.empty();
        }
        String a = address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equalsIgnoreCase(domain.get())
                || !a.regionMatches(true, 0, LOCAL_PREFIX, 0, LOCAL_PREFIX.length())) {
            return OptionalLong.empty();
        }
        return verify(a.substring(LOCAL_PREFIX.length(), at));
    }

    String token(long messageId) {
        if (messageId <= 0) {
            throw new IllegalArgumentException("messageId must be positive: " + messageId);
        }
        byte[] out = new byte[PAYLOAD + MAC_BYTES];
        ByteBuffer.wrap(out).put(VERSION).putLong(messageId);
        System.arraycopy(hmac(key, out, PAYLOAD), 0, out, PAYLOAD, MAC_BYTES);
        return Base32.encode(out);
    }

    OptionalLong verify(String token) {
        byte[] raw = Base32.decode(token).orElse(null);
        if (raw == null || raw.length != PAYLOAD + MAC_BYTES || raw[0] != VERSION) {
            return OptionalLong.empty();
        }
        byte[] expected = Arrays.copyOf(hmac(key, raw, PAYLOAD), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, PAYLOAD, raw.length))) {
            return OptionalLong.empty();
        }
        long id = ByteBuffer.wrap(raw, 1, 8).getLong();
        return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }
}
