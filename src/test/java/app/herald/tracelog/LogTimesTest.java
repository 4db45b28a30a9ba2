package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTimesTest {
    @Test
    void readsExchangesDateTimesAsJavaTimeDoes() {
        SplittableRandom random = new SplittableRandom(8601);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
            String text = t.toString().length() == 20 ? t.toString().replace("Z", ".000Z") : t.toString();

            assertThat(LogTimes.parse(bytes(text), 0, text.length())).as(text).isEqualTo(t.toEpochMilli());
        }
    }

    @Test
    void theParserThatRemembersTheHourAgreesWithParsingFromScratch() {
        SplittableRandom random = new SplittableRandom(13);
        List<String> shapes = List.of("2026-10-01T08:%02d:%02d.%03dZ", "2026-10-01T08:%02d:%02d.%03d", "2026-10-01 08:%02d:%02d.%03dZ",
                "2026-10-01T09:%02d:%02d.%03dZ", "2026-02-29T08:%02d:%02d.%03dZ", "2026-10-01T08:%02d:%02d.%03dZx",
                "2024-02-29T23:%02d:%02d.%03dZ", "2026-10-01T24:%02d:%02d.%03dZ");
        LogTimes.Parser parser = new LogTimes.Parser();
        for (int i = 0; i < 20_000; i++) {
            String text = String.format(shapes.get(random.nextInt(shapes.size())), random.nextInt(62), random.nextInt(62), random.nextInt(1000));
            byte[] b = bytes("," + text + ",");

            assertThat(parser.parse(b, 1, b.length - 1)).as(text).isEqualTo(LogTimes.parse(b, 1, b.length - 1));
        }
    }

    @Test
    void aBadTimeInTheRememberedHourIsStillBad() {
        LogTimes.Parser parser = new LogTimes.Parser();
        byte[] good = bytes("2026-10-01T08:00:00.000Z");
        byte[] bad = bytes("2026-10-01T08:60:00.000Z");

        assertThat(parser.parse(good, 0, good.length)).isEqualTo(Instant.parse("2026-10-01T08:00:00Z").toEpochMilli());
        assertThat(parser.parse(bad, 0, bad.length)).isEqualTo(LogTimes.INVALID);
        assertThat(LogTimes.parse(bytes("2026-02-29T08:00:00.000Z"), 0, 24)).isEqualTo(LogTimes.INVALID);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
