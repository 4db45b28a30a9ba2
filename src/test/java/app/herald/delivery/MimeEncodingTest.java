package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.util.List;
import org.junit.jupiter.api.Test;

class MimeEncodingTest {
    @Test
    void foldsHeaderValuesExactlyAsJakartaMailDoes() {
        List<String> values = List.of("short", "x".repeat(200), "a b ".repeat(40),
                "<https://t.example.com/t/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA>, "
                        + "<mailto:unsubscribe+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@acme.example>",
                "Anna, this week's picks for you: pumps, valves, pipes, fittings, seals and everything else",
                "two  spaces\tand tabs " + "word ".repeat(30), "y".repeat(70) + " " + "z".repeat(100) + " end");
        for (int used : new int[] {0, 9, 18}) {
            for (String v : values) {
                assertThat(MimeEncoding.fold(used, v)).as("fold(%d, %s)", used, v).isEqualTo(MimeUtility.fold(used, v));
            }
        }
    }
}
