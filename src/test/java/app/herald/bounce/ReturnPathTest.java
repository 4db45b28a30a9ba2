package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReturnPathTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final ReturnPath VERP = ReturnPath.of(Optional.of("Bounces.Acme.Example"), SECRET);

    @Test
    void buildsABounceAddressAtTheBounceDomainThatNamesItsMessage() {
        String address = VERP.envelopeFrom(42, "news@acme.example");

        assertThat(address).matches("bounce\\+[a-z2-7]{31}@bounces\\.acme\\.example");
        assertThat(address.indexOf('@')).as("local part length").isLessThanOrEqualTo(64);
        assertThat(VERP.messageId(address)).hasValue(42);
    }

    @Test
    void verifiesTheAddressAfterAnMtaChangedItsCase() {
        String address = VERP.envelopeFrom(9_876_543_210L, "news@acme.example");

        assertThat(VERP.messageId(address.toLowerCase(Locale.ROOT))).hasValue(9_876_543_210L);
        assertThat(VERP.messageId(address.toUpperCase(Locale.ROOT))).hasValue(9_876_543_210L);
        assertThat(VERP.messageId("<" + address + ">")).hasValue(9_876_543_210L);
    }

    @Test
    void rejectsATokenWithAChangedCharacter() {
        String address = VERP.envelopeFrom(42, "news@acme.example");
        int i = address.indexOf('+') + 5;
        String altered = address.substring(0, i) + (address.charAt(i) == 'a' ? 'b' : 'a') + address.substring(i + 1);

        assertThat(VERP.messageId(altered)).isEmpty();
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() {
        ReturnPath other = ReturnPath.of(Optional.of("bounces.acme.example"), "another-secret-another-secret-32b".getBytes(StandardCharsets.UTF_8));
        assertThat(VERP.messageId(other.envelopeFrom(42, "news@acme.example"))).isEmpty();
    }

    @Test
    void rejectsAValidTokenAtAnotherDomainOrWithoutThePrefix() {
        String address = VERP.envelopeFrom(42, "news@acme.example");
        String token = address.substring("bounce+".length(), address.indexOf('@'));

        assertThat(VERP.messageId("bounce+" + token + "@acme.example")).isEmpty();
        assertThat(VERP.messageId("b+" + token + "@bounces.acme.example")).isEmpty();
        assertThat(VERP.messageId("bounce+@bounces.acme.example")).isEmpty();
        assertThat(VERP.messageId("not an address")).isEmpty();
    }

    @Test
    void rejectsTruncatedOrPaddedTokens() {
        String token = VERP.token(42);
        assertThat(VERP.verify(token)).hasValue(42);
        assertThat(VERP.verify(token.substring(0, 30))).isEmpty();
        assertThat(VERP.verify(token + "a")).isEmpty();
        assertThat(VERP.verify(token.substring(0, 30) + "7")).as("non-zero leftover bits").isEqualTo(OptionalLong.empty());
    }

    @Test
    void usesTheFromAddressWhenNoBounceDomainIsSet() {
        ReturnPath off = ReturnPath.of(Optional.empty(), SECRET);

        assertThat(off.envelopeFrom(42, "news@acme.example")).isEqualTo("news@acme.example");
        assertThat(off.domain()).isEmpty();
        assertThat(off.messageId(VERP.envelopeFrom(42, "news@acme.example"))).isEmpty();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> ReturnPath.of(Optional.of("bounces.acme.example"), new byte[16]))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void base32RoundTripsEveryLength() {
        for (int n = 0; n < 24; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            String text = Base32.encode(data);
            assertThat(text).matches("[a-z2-7]*");
            assertThat(Base32.decode(text)).hasValueSatisfying(d -> assertThat(d).isEqualTo(data));
            assertThat(Base32.decode(text.toUpperCase(Locale.ROOT))).hasValueSatisfying(d -> assertThat(d).isEqualTo(data));
        }
        assertThat(Base32.decode("abc1")).isEmpty();
    }
}
