package app.herald.domain;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** One DKIM key of a sending domain, published at {@code selector._domainkey.domain}. */
public record DkimKey(String domain, String selector, DkimAlgorithm algorithm, KeyStatus status,
                      PrivateKey privateKey, PublicKey publicKey, Instant createdAt) {
    /** An Ed25519 SubjectPublicKeyInfo is this fixed prefix followed by the 32-byte key. */
    private static final int ED25519_SPKI_PREFIX = 12;

    public DkimKey {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The DNS name of the key record. */
    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    /** The TXT record to publish at {@link #dnsName()}. */
    public String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64();
    }

    /**
     * The {@code p=} value: RSA keys as the DER SubjectPublicKeyInfo (RFC 6376), Ed25519 keys as
     * the bare 32-byte key (RFC 8463 section 4).
     */
    public String publicKeyBase64() {
        byte[] spki = publicKey.getEncoded();
        byte[] p = switch (algorithm) {
            case RSA_SHA256 -> spki;
            case ED25519_SHA256 -> Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX, spki.length);
        };
        return Base64.getEncoder().encodeToString(p);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "DkimKey[" + dnsName() + ", " + algorithm.tag() + ", " + status + "]";
    }
}
