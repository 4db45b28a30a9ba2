package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void readsSizesInAnyCaseWith1024BasedUnits() {
        assertThat(Quantities.bytes("10MB")).isEqualTo(10L * 1024 * 1024);
        assertThat(Quantities.bytes("10mb")).isEqualTo(10L * 1024 * 1024);
        assertThat(Quantities.bytes("1000 MB")).isEqualTo(1000L * 1024 * 1024);
        assertThat(Quantities.bytes("512KB")).isEqualTo(512L * 1024);
        assertThat(Quantities.bytes("2Gb")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(Quantities.bytes("4096B")).isEqualTo(4096);
        assertThat(Quantities.bytes("4096")).isEqualTo(4096);
    }

    @Test
    void readsDecimalSizesRoundingDownToWholeBytes() {
        assertThat(Quantities.bytes("1.5MB")).isEqualTo(1536L * 1024);
        assertThat(Quantities.bytes("0.3KB")).isEqualTo(307);
    }

    @Test
    void readsExchangesDisplayFormWithTheExactByteCount() {
        assertThat(Quantities.bytes("10 MB (10,485,760 bytes)")).isEqualTo(10_485_760L);
    }

    @Test
    void readsUnlimited() {
        assertThat(Quantities.bytes("Unlimited")).isEqualTo(Quantities.UNLIMITED);
    }

    @Test
    void rejectsSizesWithoutANumberOrWithAnUnknownUnit() {
        assertThatThrownBy(() -> Quantities.bytes("ten MB")).hasMessageContaining("10MB, 1.5GB");
        assertThatThrownBy(() -> Quantities.bytes("10 MiB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> Quantities.bytes("-1MB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> Quantities.bytes("99999999999GB")).hasMessageContaining("too large");
    }

    @Test
    void readsDotNetTimeSpans() {
        assertThat(Quantities.timeSpan("30.00:00:00")).contains(Duration.ofDays(30));
        assertThat(Quantities.timeSpan("7.12:30:15")).contains(Duration.ofDays(7).plusHours(12).plusMinutes(30).plusSeconds(15));
        assertThat(Quantities.timeSpan("12:00:00")).contains(Duration.ofHours(12));
    }

    @Test
    void readsShortTimeSpans() {
        assertThat(Quantities.timeSpan("30d")).contains(Duration.ofDays(30));
        assertThat(Quantities.timeSpan("12h")).contains(Duration.ofHours(12));
        assertThat(Quantities.timeSpan("90m")).contains(Duration.ofMinutes(90));
        assertThat(Quantities.timeSpan("45s")).contains(Duration.ofSeconds(45));
        assertThat(Quantities.timeSpan("45S")).contains(Duration.ofSeconds(45));
    }

    @Test
    void readsZeroAndUnlimitedAsNoAgeLimitAsExchangeDoes() {
        assertThat(Quantities.timeSpan("00:00:00")).isEqualTo(Optional.empty());
        assertThat(Quantities.timeSpan("unlimited")).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsTimeSpansItCannotRead() {
        assertThatThrownBy(() -> Quantities.timeSpan("30 days")).hasMessageContaining("30.00:00:00");
        assertThatThrownBy(() -> Quantities.timeSpan("1.25:00:00")).hasMessageContaining("hours above 23");
        assertThatThrownBy(() -> Quantities.timeSpan("00:61:00")).hasMessageContaining("above 59");
        assertThatThrownBy(() -> Quantities.timeSpan("99999999999999999999d")).hasMessageContaining("too long");
        assertThatThrownBy(() -> Quantities.timeSpan("999999999999999d")).hasMessageContaining("too long");
    }
}
