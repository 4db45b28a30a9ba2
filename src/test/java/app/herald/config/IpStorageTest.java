package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IpStorageTest {
    @Test
    void truncatesIpv4ToItsSlash24() {
        assertThat(IpStorage.TRUNCATED.reduce("203.0.113.77")).isEqualTo("203.0.113.0");
    }

    @Test
    void truncatesEveryCanonicalIpv4AsTheInetAddressRoundTripDoes() throws Exception {
        for (String ip : new String[] {"0.0.0.0", "1.2.3.4", "9.99.199.255", "10.0.0.1", "100.64.255.9", "255.255.255.255", "127.0.0.1"}) {
            byte[] b = java.net.InetAddress.getByName(ip).getAddress();
            b[3] = 0;
            assertThat(IpStorage.TRUNCATED.reduce(ip)).as(ip).isEqualTo(java.net.InetAddress.getByAddress(b).getHostAddress());
        }
        assertThat(IpStorage.TRUNCATED.reduce(" [198.51.100.7] ")).isEqualTo("198.51.100.0");
        assertThat(IpStorage.TRUNCATED.reduce("256.1.1.1")).isNull();
    }

    @Test
    void truncatesIpv6ToItsSlash48() {
        assertThat(IpStorage.TRUNCATED.reduce("2001:db8:abcd:12:1:2:3:4")).isEqualTo("2001:db8:abcd::");
        assertThat(IpStorage.TRUNCATED.reduce("[2001:db8:abcd:12::1]")).isEqualTo("2001:db8:abcd::");
    }

    @Test
    void truncatingKeepsNothingThatIsNotAnAddressLiteral() {
        assertThat(IpStorage.TRUNCATED.reduce("example.com")).isNull();
        assertThat(IpStorage.TRUNCATED.reduce(null)).isNull();
    }

    @Test
    void fullKeepsTheAddressAndNoneKeepsNothing() {
        assertThat(IpStorage.FULL.reduce("203.0.113.77")).isEqualTo("203.0.113.77");
        assertThat(IpStorage.NONE.reduce("203.0.113.77")).isNull();
    }

    @Test
    void defaultsToTruncatedAddressesAYearOfEventsAndTrackingUnknownConsent() {
        TrackingPrivacyConfig c = TrackingPrivacyConfig.from(Settings.of(Map.of()));
        assertThat(c).isEqualTo(TrackingPrivacyConfig.defaults());
        assertThat(c.ipStorage()).isEqualTo(IpStorage.TRUNCATED);
        assertThat(c.retention()).contains(java.time.Duration.ofDays(365));
        assertThat(c.consentDefault()).isTrue();
    }

    @Test
    void readsEverySetting() {
        TrackingPrivacyConfig c = TrackingPrivacyConfig.from(Settings.of(Map.of(
                "tracking.ip_storage", "none", "tracking.retention", "90d", "tracking.consent_default", "off")));
        assertThat(c).isEqualTo(new TrackingPrivacyConfig(IpStorage.NONE, java.util.Optional.of(java.time.Duration.ofDays(90)), false));
        assertThat(TrackingPrivacyConfig.from(Settings.of(Map.of("tracking.retention", "off"))).retention()).isEmpty();
    }

    @Test
    void rejectsAnUnknownIpStorageNamingTheSettingAndItsEnvironmentVariable() {
        assertThatThrownBy(() -> TrackingPrivacyConfig.from(Settings.of(Map.of("tracking.ip_storage", "partial"))))
                .hasMessageContaining("tracking.ip_storage (HERALD_TRACKING_IP_STORAGE) = 'partial'")
                .hasMessageContaining("full, truncated or none");
    }

    @Test
    void rejectsABadRetentionAndConsentDefault() {
        assertThatThrownBy(() -> TrackingPrivacyConfig.from(Settings.of(Map.of("tracking.retention", "a year"))))
                .hasMessageContaining("tracking.retention").hasMessageContaining("or off");
        assertThatThrownBy(() -> TrackingPrivacyConfig.from(Settings.of(Map.of("tracking.consent_default", "maybe"))))
                .hasMessageContaining("tracking.consent_default").hasMessageContaining("must be on");
    }
}
