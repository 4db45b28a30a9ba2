package app.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class SendingDomainsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final SendingDomains domains = new SendingDomains(DB.jdbi());

    private static List<String> describe(List<DkimKey> keys) {
        return keys.stream().map(k -> k.selector() + " " + k.algorithm().tag() + " " + k.status()).toList();
    }

    @Test
    void bothAlgorithmsGetTheirOwnSelectorAndSignAtOnce() {
        List<DkimKey> keys = domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256));

        assertThat(describe(keys)).containsExactly("h1-rsa rsa-sha256 ACTIVE", "h1-ed25519 ed25519-sha256 ACTIVE");
        assertThat(domains.domains()).containsExactly("news.example.com");
        assertThat(domains.activeKeys(List.of("news.example.com"))).hasSize(2);
    }

    @Test
    void storedKeysComeBackUsableAndTheRsaKeyHas2048Bits() {
        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256));

        List<DkimKey> stored = domains.keys("news.example.com");

        assertThat(((java.security.interfaces.RSAPublicKey) stored.getFirst().publicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(stored.get(1).publicKeyBase64()).hasSize(44); // 32 bytes
        byte[] signed = new DkimSigner(stored).sign(DkimSignerTest.PLAIN
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(IndependentVerifier.verify(signed, IndependentVerifier.records(stored)).allPass()).isTrue();
    }

    @Test
    void aSecondKeyOfAnAlgorithmWaitsUntilActivatedWhichRetiresTheFirst() {
        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.ED25519_SHA256));

        List<DkimKey> added = domains.addKeys("news.example.com", "h2", Set.of(DkimAlgorithm.ED25519_SHA256));

        assertThat(describe(added)).containsExactly("h2 ed25519-sha256 PENDING");
        assertThat(describe(domains.activeKeys(List.of("news.example.com")))).containsExactly("h1 ed25519-sha256 ACTIVE");

        DkimKey activated = domains.activate("news.example.com", "h2");

        assertThat(activated.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(describe(domains.keys("news.example.com"))).containsExactly("h1 ed25519-sha256 RETIRED", "h2 ed25519-sha256 ACTIVE");
    }

    @Test
    void retiredKeyNoLongerSigns() {
        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256));

        assertThat(domains.retire("news.example.com", "h1").status()).isEqualTo(KeyStatus.RETIRED);
        assertThat(domains.activeKeys(List.of("news.example.com"))).isEmpty();
    }

    @Test
    void aTakenSelectorIsRefused() {
        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256));

        assertThatThrownBy(() -> domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.ED25519_SHA256)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("selector h1 of news.example.com is taken (h1._domainkey.news.example.com); choose another with --selector, e.g. h1b");
    }

    @Test
    void unknownKeysAndDomainsAreNotFound() {
        assertThatThrownBy(() -> domains.activate("news.example.com", "nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("DKIM key nope._domainkey.news.example.com does not exist");
        assertThatThrownBy(() -> domains.remove("news.example.com")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void removingADomainRemovesItsKeys() {
        domains.addKeys("news.example.com", "h1", Set.of(DkimAlgorithm.RSA_SHA256));

        domains.remove("news.example.com");

        assertThat(domains.keys("news.example.com")).isEmpty();
        assertThat(domains.domains()).isEmpty();
    }

    @Test
    void defaultSelectorNamesTheMonth() {
        assertThat(SendingDomains.defaultSelector(LocalDate.of(2026, 4, 14))).isEqualTo("herald202604");
    }

    @Test
    void namesAreValidatedAndNormalised() {
        assertThat(DomainNames.domain(" News.Example.COM. ", "domain")).isEqualTo("news.example.com");
        assertThat(DomainNames.domain("bücher.example", "domain")).isEqualTo("xn--bcher-kva.example");
        assertThatThrownBy(() -> DomainNames.domain("localhost", "domain")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DomainNames.domain("-bad.example.com", "domain")).isInstanceOf(InvalidInputException.class);
        assertThat(DomainNames.selector("H1")).isEqualTo("h1");
        assertThatThrownBy(() -> DomainNames.selector("h 1")).isInstanceOf(InvalidInputException.class);
    }
}
