package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.tracking.TrackingTokens.Kind;
import app.herald.tracking.TrackingTokens.Token;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TrackingTokensTest {
    private final TrackingTokens tokens = new TrackingTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void verifiesWhatItSigned() {
        Token t = new Token(Kind.CLICK, 123_456_789L, 70_000);
        assertThat(tokens.verify(tokens.sign(t))).contains(t);
    }

    @Test
    void rejectsTokenWithBadSignature() {
        String signed = tokens.sign(new Token(Kind.OPEN, 42, 0));
        byte[] raw = Base64.getUrlDecoder().decode(signed);
        raw[raw.length - 1] ^= 1;
        assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isEmpty();
    }

    @Test
    void rejectsAlteredPayload() {
        String signed = tokens.sign(new Token(Kind.OPEN, 42, 0));
        byte[] raw = Base64.getUrlDecoder().decode(signed);
        raw[9] ^= 1; // another message id
        assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isEmpty();
    }

    @Test
    void rejectsTruncatedAndGarbageTokens() {
        String signed = tokens.sign(new Token(Kind.UNSUBSCRIBE, 42, 0));
        assertThat(tokens.verify(signed.substring(0, signed.length() - 1))).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("!".repeat(40))).isEmpty();
    }

    @Test
    void rejectsTokenSignedWithAnotherSecret() {
        TrackingTokens other = new TrackingTokens("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(other.sign(new Token(Kind.OPEN, 42, 0)))).isEmpty();
    }

    @Test
    void newTokensCarryTheCurrentKeyIdAndOldKeysVerifyWhileListed() {
        byte[] oldSecret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] newSecret = "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8);
        String old = new TrackingTokens(0, oldSecret).sign(new Token(Kind.CLICK, 42, 3));
        TrackingTokens rotated = new TrackingTokens(7, newSecret, java.util.Map.of(0, oldSecret));

        String fresh = rotated.sign(new Token(Kind.OPEN, 42, 0));
        assertThat(java.util.Base64.getUrlDecoder().decode(fresh)[0]).isEqualTo((byte) 7);
        assertThat(rotated.verify(fresh)).hasValue(new Token(Kind.OPEN, 42, 0));
        assertThat(rotated.verify(old)).hasValue(new Token(Kind.CLICK, 42, 3));
        assertThat(new TrackingTokens(7, newSecret).verify(old)).as("old key retired").isEmpty();
        // an old token's key id with another secret does not verify
        assertThat(new TrackingTokens(7, newSecret, java.util.Map.of(0, newSecret)).verify(old)).isEmpty();
        // key id 255 (a negative byte) works too
        TrackingTokens high = new TrackingTokens(255, newSecret);
        assertThat(high.verify(high.sign(new Token(Kind.UNSUBSCRIBE, 1, 0)))).isPresent();
    }
}
