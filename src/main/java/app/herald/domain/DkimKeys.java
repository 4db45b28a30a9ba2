package app.herald.domain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;

/** Generates key pairs and turns stored encodings (PKCS#8, SubjectPublicKeyInfo) back into keys. */
final class DkimKeys {
    /** RFC 8301: at least 1024 bits, 2048 recommended; longer keys no longer fit one DNS TXT string set comfortably. */
    static final int RSA_BITS = 2048;

    private DkimKeys() {
    }

    static KeyPair generate(DkimAlgorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.jcaName());
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                g.initialize(RSA_BITS);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new DkimException("this JDK cannot generate " + algorithm.jcaName() + " keys: " + e.getMessage(), e);
        }
    }

    static DkimKey key(String domain, String selector, DkimAlgorithm algorithm, KeyStatus status,
                       byte[] pkcs8, byte[] spki, Instant createdAt) {
        try {
            KeyFactory f = KeyFactory.getInstance(algorithm.jcaName());
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(spki));
            return new DkimKey(domain, selector, algorithm, status, priv, pub, createdAt);
        } catch (GeneralSecurityException e) {
            throw new DkimException("stored DKIM key " + selector + "._domainkey." + domain + " (" + algorithm.tag()
                    + ") cannot be read: " + e.getMessage() + "; retire it and add a new one", e);
        }
    }

    static DkimKey generated(String domain, String selector, DkimAlgorithm algorithm, KeyStatus status) {
        KeyPair pair = generate(algorithm);
        return new DkimKey(domain, selector, algorithm, status, pair.getPrivate(), pair.getPublic(), Instant.now());
    }
}
