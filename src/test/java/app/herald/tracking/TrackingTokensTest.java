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
}
