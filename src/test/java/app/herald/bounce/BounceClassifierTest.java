package app.herald.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BounceClassifierTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            5.1.1                                                          | hard    | 5.1.1
            5.1.2                                                          | hard    | 5.1.2
            5.1.10                                                         | hard    | 5.1.10
            550 5.1.1 <ana@example.org>: Recipient address rejected        | hard    | 5.1.1
            smtp; 550 5.1.1 <ana@example.org>... User unknown              | hard    | 5.1.1
            5.2.2                                                          | soft    | 5.2.2
            552 5.2.2 Mailbox full                                         | soft    | 5.2.2
            554 5.7.1 Service unavailable; client host blocked             | policy  | 5.7.1
            550 5.7.26 Unauthenticated email is not accepted               | policy  | 5.7.26
            5.7.0                                                          | policy  | 5.7.0
            550 5.4.4 Unable to route                                      | hard    | 5.4.4
            5.0.0                                                          | hard    | 5.0.0
            552 5.3.4 Message size exceeds fixed limit                     | hard    | 5.3.4
            4.4.7                                                          | soft    | 4.4.7
            451 4.7.1 Greylisted, try again later                          | soft    | 4.7.1
            421 4.2.1 Mailbox temporarily disabled                         | soft    | 4.2.1
            550 Requested action not taken: mailbox unavailable            | hard    | 550
            smtp; 554 Transaction failed                                   | hard    | 554
            552 Requested mail action aborted: exceeded storage allocation | soft    | 552
            450 Mailbox busy                                               | soft    | 450
            Sorry, no mailbox here by that name. (#5.1.1)                  | hard    | 5.1.1
            <EX03.corp.example.com #5.1.1>                                 | hard    | 5.1.1
            250 2.0.0 Ok: queued                                           | unknown | 2.0.0
            User unknown                                                   | unknown |
            connection to 192.0.2.5.1 timed out                            | unknown |
            """)
    void classifiesByTheEnhancedStatusCodeFirstThenTheReplyCode(String reply, String expected, String code) {
        Classification c = BounceClassifier.classify(reply);

        assertThat(c.dbName()).isEqualTo(expected);
        assertThat(c.code().orElse(null)).isEqualTo(code);
        assertThat(c.reason()).isNotBlank();
    }
}
