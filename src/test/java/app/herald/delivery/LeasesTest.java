package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final Leases leases = new Leases(LEASE);
    private final Outgoing m = new Outgoing(7, 1, false, UUID.randomUUID(), Optional.of("active"), false,
            CampaignFixtures.recipient("ann@example.com", "Ann"), Instant.now(), 1, Optional.empty());

    @Test
    void aFreshlyClaimedMessageMayBeSent() {
        leases.hold(List.of(m), System.nanoTime());

        assertThat(leases.usable(7)).isTrue();
        assertThat(leases.held()).containsExactly(7L);
    }

    @Test
    void aMessageWithLessThanAThirdOfItsLeaseLeftIsNotSentUntilRenewed() {
        leases.hold(List.of(m), System.nanoTime() - LEASE.minusSeconds(5).toNanos());
        assertThat(leases.usable(7)).as("5 s of 30 left").isFalse();

        leases.renewed(List.of(7L), System.nanoTime());
        assertThat(leases.usable(7)).isTrue();
    }

    @Test
    void aRenewalThatMissedTheMessageDoesNotExtendIt() {
        leases.hold(List.of(m), System.nanoTime() - LEASE.minusSeconds(5).toNanos());

        leases.renewed(List.of(8L), System.nanoTime());

        assertThat(leases.usable(7)).isFalse();
        assertThat(leases.held()).containsExactly(7L);
    }

    @Test
    void aRecordedOrReleasedMessageIsNoLongerHeld() {
        leases.hold(List.of(m), System.nanoTime());

        leases.done(List.of(m));

        assertThat(leases.usable(7)).isFalse();
        assertThat(leases.held()).isEmpty();
    }
}
