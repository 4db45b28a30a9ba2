package app.herald.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs finished messages with DKIM (RFC 6376), relaxed/relaxed, one DKIM-Signature per key: RSA-SHA256
 * and Ed25519-SHA256 (RFC 8463) side by side when the domain has both. Works on the exact bytes
 * that will be transmitted and returns them with the signatures prepended; immutable and thread-safe.
 */
public final class DkimSigner {
    /** Signed when present, in this order. Return-Path, Received and the like are added in transit and never signed. */
    static final List<String> SIGNED = List.of("from", "reply-to", "subject", "date", "to", "cc", "message-id",
            "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding", "list-id",
            "list-unsubscribe", "list-unsubscribe-post", "disposition-notification-to", "feedback-id");

    /**
     * Named once more than they occur (also when absent), so that a copy added in transit breaks the
     * signature instead of being shown to the reader as signed (RFC 6376 section 8.15).
     */
    static final Set<String> OVERSIGNED = Set.of("from", "reply-to", "subject", "to", "cc",
            "list-unsubscribe", "list-unsubscribe-post");

    private static final int LINE = 76;
    private static final int B64_CHUNK = 72;

    private final List<DkimKey> keys;
    private final List<KeySigning> signing;
    private final Clock clock;

    public DkimSigner(List<DkimKey> keys) {
        this(keys, Clock.systemUTC());
    }

    DkimSigner(List<DkimKey> keys, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a DKIM signer needs at least one key");
        }
        this.keys = List.copyOf(keys);
        this.signing = this.keys.stream().map(KeySigning::of).toList();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The signing domain ({@code d=}) of the first key. */
    public String domain() {
        return keys.getFirst().domain();
    }

    public List<DkimKey> keys() {
        return keys;
    }

    /**
     * The message with one DKIM-Signature header per key in front, line ends normalised to CRLF.
     * Send exactly these bytes: any later change to the signed headers or the body breaks the signatures.
     */
    public byte[] sign(byte[] message) {
        MessageBytes m = MessageBytes.parse(message);
        String bodyHash = Base64.getEncoder().encodeToString(sha256(Canonical.body(m.bytes, m.bodyStart, m.bytes.length)));
        List<String> names = new ArrayList<>();
        ByteArrayOutputStream signedHeaders = new ByteArrayOutputStream(m.bodyStart);
        for (String name : SIGNED) {
            List<MessageBytes.Field> present = m.fields(name);
            // several instances are signed bottom-up, as verifiers look them up (RFC 6376 section 5.4.2)
            for (int i = present.size() - 1; i >= 0; i--) {
                MessageBytes.Field f = present.get(i);
                names.add(name);
                signedHeaders.writeBytes(Canonical.header(m.bytes, f.start(), f.end()));
                signedHeaders.write('\r');
                signedHeaders.write('\n');
            }
            if (OVERSIGNED.contains(name)) {
                names.add(name);
            }
        }
        long now = clock.instant().getEpochSecond();
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.bytes.length + 512 * keys.size());
        for (int k = 0; k < keys.size(); k++) {
            DkimKey key = keys.get(k);
            String unsigned = header(key, now, names, bodyHash);
            byte[] unsignedBytes = unsigned.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream data = new ByteArrayOutputStream(signedHeaders.size() + unsignedBytes.length);
            data.writeBytes(signedHeaders.toByteArray());
            data.writeBytes(Canonical.header(unsignedBytes, 0, unsignedBytes.length));
            out.writeBytes(unsignedBytes);
            out.writeBytes(fold(Base64.getEncoder().encodeToString(signing.get(k).sign(data.toByteArray()))).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
        }
        out.writeBytes(m.bytes);
        return out.toByteArray();
    }

    /** The DKIM-Signature header up to and including the empty {@code b=}, folded below {@value #LINE} characters. */
    private static String header(DkimKey key, long timestamp, List<String> names, String bodyHash) {
        StringBuilder sb = new StringBuilder("DKIM-Signature: v=1; a=").append(key.algorithm().tag()).append("; c=relaxed/relaxed;");
        int[] lineStart = {0};
        append(sb, lineStart, " ", "d=" + key.domain() + ";");
        append(sb, lineStart, " ", "s=" + key.selector() + ";");
        append(sb, lineStart, " ", "t=" + timestamp + ";");
        for (int i = 0; i < names.size(); i++) {
            // FWS is allowed around the colons of h=, so the list folds between names
            append(sb, lineStart, i == 0 ? " " : "", (i == 0 ? "h=" : ":") + names.get(i) + (i == names.size() - 1 ? ";" : ""));
        }
        append(sb, lineStart, " ", "bh=" + bodyHash + ";");
        return sb.append("\r\n\tb=").toString();
    }

    private static void append(StringBuilder sb, int[] lineStart, String separator, String piece) {
        if (sb.length() - lineStart[0] + separator.length() + piece.length() > LINE) {
            sb.append("\r\n\t");
            lineStart[0] = sb.length() - 1;
        } else {
            sb.append(separator);
        }
        sb.append(piece);
    }

    /** The b= value in chunks on continuation lines; verifiers ignore the folding whitespace inside it. */
    private static String fold(String base64) {
        StringBuilder sb = new StringBuilder(base64.length() + base64.length() / B64_CHUNK * 3);
        for (int i = 0; i < base64.length(); i += B64_CHUNK) {
            if (i > 0) {
                sb.append("\r\n\t ");
            }
            sb.append(base64, i, Math.min(base64.length(), i + B64_CHUNK));
        }
        return sb.toString();
    }

    /**
     * How one key signs, set up once per signer (the signer lives as long as its cache entry, a
     * minute), so that a message pays only for the signature itself.
     */
    sealed interface KeySigning {
        byte[] sign(byte[] data);

        static KeySigning of(DkimKey key) {
            return switch (key.algorithm()) {
                case RSA_SHA256 -> new RsaSigning(key);
                case ED25519_SHA256 -> new Ed25519Signing(key);
            };
        }
    }

    /** A {@link Signature} per sending thread, initialised once: {@code sign()} leaves it ready for the next message. */
    private static final class RsaSigning implements KeySigning {
        private final DkimKey key;
        private final ThreadLocal<Signature> signature;

        RsaSigning(DkimKey key) {
            this.key = key;
            this.signature = ThreadLocal.withInitial(() -> {
                try {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initSign(key.privateKey());
                    return s;
                } catch (GeneralSecurityException e) {
                    throw failed(key, e);
                }
            });
        }

        @Override
        public byte[] sign(byte[] data) {
            Signature s = signature.get();
            try {
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                // a failed sign() may leave the object mid-operation: this thread starts over with a new one
                signature.remove();
                throw failed(key, e);
            }
        }
    }

    /**
     * Bouncy Castle's RFC 8032 Ed25519 instead of the JDK's: the JDK multiplies the base point bit by
     * bit (about 700 µs per signature here), Bouncy Castle with precomputed tables. Ed25519 is
     * deterministic, so both give the same bytes (DkimSignerTest checks it).
     */
    private static final class Ed25519Signing implements KeySigning {
        private final byte[] seed;
        private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

        Ed25519Signing(DkimKey key) {
            if (!(key.privateKey() instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
                throw new DkimException("DKIM key " + key.dnsName() + " is not a usable Ed25519 private key ("
                        + key.privateKey().getAlgorithm() + ")");
            }
            this.seed = ed.getBytes().orElseThrow();
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        }

        @Override
        public byte[] sign(byte[] data) {
            // RFC 8463: PureEdDSA over the SHA-256 hash of the data, not over the data itself
            byte[] hash = sha256(data);
            byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, publicKey, 0, hash, 0, hash.length, sig, 0);
            return sig;
        }
    }

    private static DkimException failed(DkimKey key, GeneralSecurityException e) {
        return new DkimException("cannot sign with DKIM key " + key.dnsName() + " (" + key.algorithm().tag() + "): " + e.getMessage(), e);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
