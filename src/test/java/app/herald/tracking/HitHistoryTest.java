package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HitHistoryTest {
    private static final Instant T0 = Instant.parse("2025-06-03T09:00:00Z");
    private static final String BOT = "198.51.100.1";

    @Test
    void keepsOnlyTheLatestHitsOldestDroppedFirst() {
        HitHistory h = new HitHistory(1, T0, null, 3);
        h.add(new HitHistory.Prior(Hit.Kind.OPEN, null, T0, BOT, "bot/1", Verdict.machine(MachineKind.UNKNOWN_BOT)));
        for (int i = 1; i < HitHistory.MAX_PRIORS; i++) {
            h.add(new HitHistory.Prior(Hit.Kind.OPEN, null, T0.plusSeconds(i), "203.0.113.9", "mail", Verdict.HUMAN));
        }
        assertThat(h.machineFromSameSource(BOT, "bot/1")).contains(MachineKind.UNKNOWN_BOT);

        h.add(new HitHistory.Prior(Hit.Kind.OPEN, null, T0.plusSeconds(40), "203.0.113.9", "mail", Verdict.HUMAN));

        assertThat(h.machineFromSameSource(BOT, "bot/1")).isEmpty();
        assertThat(h.repeats(Hit.open(1, T0.plusSeconds(100), BOT, "mail"))).isEqualTo(HitHistory.MAX_PRIORS);
        assertThat(h.repeats(Hit.open(1, T0.plusSeconds(20), BOT, "mail"))).isEqualTo(20); // those at or before it
    }

    @Test
    void countsDistinctLinksClickedWithinTheWindowEitherSide() {
        HitHistory h = new HitHistory(1, T0, null, 5);
        h.add(new HitHistory.Prior(Hit.Kind.CLICK, 0, T0, BOT, null, Verdict.UNKNOWN));
        h.add(new HitHistory.Prior(Hit.Kind.CLICK, 1, T0.plusMillis(9_999), BOT, null, Verdict.UNKNOWN));
        h.add(new HitHistory.Prior(Hit.Kind.CLICK, 1, T0.plusSeconds(11), BOT, null, Verdict.UNKNOWN));
        h.add(new HitHistory.Prior(Hit.Kind.CLICK, 2, T0.plusSeconds(21), BOT, null, Verdict.UNKNOWN));
        h.add(new HitHistory.Prior(Hit.Kind.OPEN, null, T0.plusSeconds(10), BOT, null, Verdict.UNKNOWN));

        assertThat(h.burstLinks(Hit.click(1, 3, T0.plusSeconds(10), BOT, null), Duration.ofSeconds(10))).isEqualTo(3); // 3, 0, 1
        assertThat(h.burstLinks(Hit.click(1, 1, T0.plusSeconds(10), BOT, null), Duration.ofSeconds(1))).isEqualTo(1);
    }
}
