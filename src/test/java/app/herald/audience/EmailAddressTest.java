package app.herald.audience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"ana@example.com", "Ana.Lopez+news@mail.example.co.uk", "o'brien@example.ie",
            "li.wei@例子.中国", "x@xn--fiqs8s.com", "a_b-c@sub-domain.example.org", "1234@163.com"})
    void acceptsRealWorldAddresses(String address) {
        assertThat(EmailAddress.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ana.example.com|has no @",
            "ana@@example.com|has more than one @",
            "ana@x@example.com|has more than one @",
            "ana lopez@example.com|contains a space",
            "@example.com|has nothing before the @",
            "ana@|has no domain after the @",
            "ana@localhost|has a domain without a dot",
            "ana@example..com|has an empty part in its domain",
            "ana@.example.com|has an empty part in its domain",
            "ana@example.com.|has an empty part in its domain",
            ".ana@example.com|misplaced dot",
            "ana..b@example.com|misplaced dot",
            "Ana <ana@example.com>|contains a space",
            "<ana@example.com>|contains '<'",
            "ana,bob@example.com|contains ','",
            "ana@-example.com|starting or ending with '-'",
            "ana@exa_mple.com|contains '_' in its domain",
            "ana@example.c|no valid top-level domain",
            "ana@1.2.3.4|no valid top-level domain",
    })
    void rejectsMalformedAddressesWithAReason(String address, String reason) {
        assertThat(EmailAddress.problem(address)).hasValueSatisfying(p -> assertThat(p).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 255})
    void rejectsOverlongAddresses(int localLength) {
        assertThat(EmailAddress.problem("a".repeat(localLength) + "@example.com")).isPresent();
    }
}
