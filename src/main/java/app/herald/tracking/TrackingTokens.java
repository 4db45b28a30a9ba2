package app.herald.tracking;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, HMAC-SHA256-signed tokens carried by the open pixel, every rewritten link and the
 * unsubscribe link. The payload (key id, kind, message id, link number) is followed by the first
 * 16 bytes of the MAC over it; anything that does not verify is treated as unknown, so a forged,
 * altered or truncated token records nothing. A click token names a link number of the message's
 * campaign, so the redirect can only go to a URL Herald itself rewrote (no open redirect).
 */
public final class TrackingTokens {
    public enum Kind { OPEN, CLICK, UNSUBSCRIBE }

    public record Token(Kind kind, long messageId, int linkIdx) {
        public Token {
            Objects.requireNonNull(kind, "kind");
            if (messageId <= 0) {
                throw new IllegalArgumentException("messageId must be positive: " + messageId);
            }
            if (linkIdx < 0) {
                throw new IllegalArgumentException("linkIdx out of range: " + linkIdx);
            }
        }
    }

    private static final int PAYLOAD = 1 + 1 + 8 + 4;
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final byte keyId;
    private final SecretKeySpec key;
    // Mac.getInstance looks the algorithm up among the providers on every call; a clone of an
    // initialised instance costs a few small copies (a message carries about ten tokens)
    private final Mac prototype;

    public TrackingTokens(byte[] secret) {
        this(0, secret);
    }

    /** The key id is in every token so that keys can rotate while old tokens keep verifying. */
    public TrackingTokens(int keyId, byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("tracking secret must have at least 32 bytes");
        }
        this.keyId = (byte) keyId;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.prototype = newMac();
    }

    public String sign(Token token) {
        byte[] out = new byte[PAYLOAD + MAC_BYTES];
        ByteBuffer.wrap(out).put(keyId).put((byte) token.kind().ordinal()).putLong(token.messageId()).putInt(token.linkIdx());
        System.arraycopy(mac(out, PAYLOAD), 0, out, PAYLOAD, MAC_BYTES);
        return ENC.encodeToString(out);
    }

    public Optional<Token> verify(String text) {
        if (text == null || text.length() != 40) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DEC.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != PAYLOAD + MAC_BYTES || raw[0] != keyId) {
            return Optional.empty();
        }
        byte[] expected = Arrays.copyOf(mac(raw, PAYLOAD), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, PAYLOAD, raw.length))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 1, PAYLOAD - 1);
        int kind = b.get();
        long messageId = b.getLong();
        int linkIdx = b.getInt();
        if (kind < 0 || kind >= Kind.values().length || messageId <= 0 || linkIdx < 0) {
            return Optional.empty();
        }
        return Optional.of(new Token(Kind.values()[kind], messageId, linkIdx));
    }

    private byte[] mac(byte[] data, int length) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
