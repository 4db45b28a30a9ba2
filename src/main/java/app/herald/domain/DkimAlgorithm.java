package app.herald.domain;

import java.util.Locale;

/** The two signing algorithms Herald uses: RSA for every receiver, Ed25519 (RFC 8463) for those that know it. */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa", "RSA"),
    ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

    private final String tag;
    private final String keyType;
    private final String jcaName;

    DkimAlgorithm(String tag, String keyType, String jcaName) {
        this.tag = tag;
        this.keyType = keyType;
        this.jcaName = jcaName;
    }

    /** The {@code a=} value of a DKIM-Signature, also what the database stores. */
    public String tag() {
        return tag;
    }

    /** The {@code k=} value of the DNS key record. */
    public String keyType() {
        return keyType;
    }

    /** The JCA name for key factories and generators. */
    String jcaName() {
        return jcaName;
    }

    public static DkimAlgorithm ofTag(String tag) {
        for (DkimAlgorithm a : values()) {
            if (a.tag.equals(tag.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown DKIM algorithm '" + tag + "'; known: rsa-sha256, ed25519-sha256");
    }
}
