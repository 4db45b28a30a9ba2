package app.herald.tracking;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
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
    // by key id: the current key and every previous one still listed; null for unknown ids.
    // Mac.getInstance looks the algorithm up among the providers on every call; a clone of an
    // initialised instance costs a few small copies (a message carries about ten tokens)
    private final Mac[] prototypes = new Mac[256];

    public TrackingTokens(byte[] secret) {
        this(0, secret);
    }

    /** The key id is in every token so that keys can rotate while old tokens keep verifying. */
    public TrackingTokens(int keyId, byte[] secret) {
        this(keyId, secret, Map.of());
    }

    /**
     * Signs with {@code secret} under {@code keyId}; verifies tokens of that key and of every
     * {@code previous} key (id to secret), so links in mail already sent keep working until their
     * key is dropped from the list.
     */
    public TrackingTokens(int keyId, byte[] secret, Map<Integer, byte[]> previous) {
        checkId(keyId);
        this.keyId = (byte) keyId;
        for (var e : previous.entrySet()) {
            checkId(e.getKey());
            if (e.getKey() == keyId) {
                throw new IllegalArgumentException("key id " + keyId + " is the current key's; a previous key needs another id");
            }
            prototypes[e.getKey()] = newMac(e.getValue());
        }
        prototypes[keyId] = newMac(secret);
    }

    private static void checkId(int keyId) {
        if (keyId < 0 || keyId > 255) {
            throw new IllegalArgumentException("key id must be from 0 to 255: " + keyId);
        }
    }

    public String sign(Token token) {
        byte[] out = new byte[PAYLOAD + MAC_BYTES];
        ByteBuffer.wrap(out).put(keyId).put((byte) token.kind().ordinal()).putLong(token.messageId()).putInt(token.linkIdx());
        System.arraycopy(mac(prototypes[keyId & 0xff], out, PAYLOAD), 0, out, PAYLOAD, MAC_BYTES);
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
        if (raw.length != PAYLOAD + MAC_BYTES || prototypes[raw[0] & 0xff] == null) {
            return Optional.empty();
        }
        byte[] expected = Arrays.copyOf(mac(prototypes[raw[0] & 0xff], raw, PAYLOAD), MAC_BYTES);
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

    private static byte[] mac(Mac prototype, byte[] data, int length) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    private static Mac newMac(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("tracking secret must have at least 32 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.clone(), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
