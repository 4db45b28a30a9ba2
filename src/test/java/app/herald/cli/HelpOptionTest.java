package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpOptionTest {
    @ParameterizedTest
    @ValueSource(strings = {"trace", "delivery-report", "import", "demo", "serve", "report", "domain", "domain add",
            "domain check", "bounces list", "suppression", "contact", "contact erase", "progress"})
    void everyCommandExplainsItselfWithHelpAndDoesNothingElse(String command) {
        String[] words = (command + " --help").split(" ");

        CliRun run = CliRun.run(words);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: herald " + command);
        assertThat(run.err()).isEmpty();
        assertThat(CliRun.run((command + " -h").split(" ")).out()).isEqualTo(run.out());
    }
}
