package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SendPathWarmUpTest {
    @Test
    void itsSamplesTakeEachEncodingOfAPartAndADotStuffedLine() {
        String latin = SendPathWarmUp.sample(SendPathWarmUp.LATIN);
        String chinese = SendPathWarmUp.sample(SendPathWarmUp.CHINESE);

        assertThat(MimeEncoding.transferEncoding(latin.getBytes(StandardCharsets.UTF_8))).isEqualTo("quoted-printable");
        assertThat(MimeEncoding.transferEncoding(chinese.getBytes(StandardCharsets.UTF_8))).isEqualTo("base64");
        assertThat(latin).contains("\n.a line");
        assertThat(latin.length()).isGreaterThan(1_000);
    }

    @Test
    void writesEveryRoundsPartsToANullWire() {
        long bytes = SendPathWarmUp.run();

        // 3,000 rounds of two parts of about 2 KB each, encoded (base64 and quoted-printable grow them)
        assertThat(bytes).isGreaterThan(3_000L * 2 * 2_000);
    }
}
