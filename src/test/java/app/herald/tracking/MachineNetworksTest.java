package app.herald.tracking;

import app.herald.config.Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineNetworksTest {
    private static final MachineNetworks NETWORKS = MachineNetworks.load();

    @Test
    void findsTheOwnerOfAnAddressInAKnownRange() {
        assertThat(NETWORKS.find("17.58.101.20")).hasValue(new Fetcher("Apple", "privacy_proxy_prefetch"));
        assertThat(NETWORKS.find("209.222.87.255")).map(Fetcher::name).hasValue("Barracuda");
        assertThat(NETWORKS.find("209.222.88.0")).isEmpty();
        assertThat(NETWORKS.find("2a01:111:f400:7e00::15")).map(Fetcher::name).hasValue("Microsoft Exchange Online Protection");
        assertThat(NETWORKS.find("::ffff:205.139.110.61")).map(Fetcher::name).hasValue("Mimecast");
    }

    @Test
    void unknownAndMalformedAddressesHaveNoOwner() {
        assertThat(NETWORKS.find("198.51.100.7")).isEmpty();
        assertThat(NETWORKS.find(null)).isEmpty();
        assertThat(NETWORKS.find("not an address")).isEmpty();
        assertThat(Cidr.address("localhost")).as("host names are never resolved").isNull();
        assertThat(Cidr.address("10.1.2")).isNull();
    }
}
