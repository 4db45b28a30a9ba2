package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of a whole Herald ({@code herald serve} in a child JVM) in the middle of a campaign, three
 * times, into a real SMTP server that counts what it accepted per recipient.
 */
@Tag("storage")
class CrashResumeTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int RECIPIENTS = 4_000;
    private static final int CONNECTIONS = 4;

    @Test
    void aCampaignKilledThreeTimesResumesByItselfAndOnlyTheInFlightWindowIsSentTwice() throws Exception {
        NodeCampaigns nodes = new NodeCampaigns(DB.jdbi());
        long campaign = nodes.campaignTo(RECIPIENTS);
        Path dataDir = TestDatabase.tempDir("herald-crash-node");
        long[] killAt = {RECIPIENTS / 8, RECIPIENTS / 3, 2 * RECIPIENTS / 3};
        Map<String, Integer> copies;
        Map<String, Long> numbers;
        try (CountingSmtpSink sink = new CountingSmtpSink(1, 1)) {
            Map<String, String> settings = NodeCampaigns.node(dataDir, sink.port(0), CONNECTIONS);
            HeraldNode node = HeraldNode.start("herald-1", settings);
            try {
                assertThat(nodes.send(node, campaign)).isEqualTo(202);
                for (int i = 0; i < killAt.length; i++) {
                    NodeCampaigns.awaitAccepted(sink, killAt[i], Duration.ofSeconds(120));
                    node.kill();
                    System.out.printf("killed herald-%d with SIGKILL after the sink accepted %d messages%n", i + 1, sink.accepted());
                    assertThat(nodes.status(campaign)).as("status after kill %d", i + 1).isEqualTo("sending");
                    // the same configuration and data directory: an operator's restart, nothing else
                    node = HeraldNode.start("herald-" + (i + 2), settings);
                    // the killed node left the socket that herald trace asks through; the new one takes it over
                    assertThat(dataDir.resolve("run").resolve("trace.sock")).exists();
                    assertThat(node.linesContaining("herald trace will search by itself")).isZero();
                    assertThat(node.linesContaining("previous run of this data directory")).as("restart %d took back the killed run's "
                            + "claimed messages at once, without waiting out their lease", i + 1).isEqualTo(1);
                }
                nodes.awaitSent(campaign, Duration.ofSeconds(180));
                copies = sink.copies(); // read when 'sent' is seen: nothing may be missing at that moment
                numbers = nodes.numbers(campaign);
            } finally {
                node.close();
            }
        }

        assertThat(copies).as("every recipient got the campaign")
                .containsOnlyKeys(IntStream.rangeClosed(1, RECIPIENTS).mapToObj(i -> "r" + i + "@nodes.example").toList());
        long duplicates = NodeCampaigns.duplicates(copies);
        int window = Dispatcher.inFlightWindow(CONNECTIONS);
        System.out.printf("kill -9 x%d, %d recipients, %d connections: %d duplicates (in-flight window %d per kill)%n",
                killAt.length, RECIPIENTS, CONNECTIONS, duplicates, window);
        assertThat(duplicates).isLessThanOrEqualTo((long) killAt.length * window);
        assertThat(numbers).containsEntry("stats.sent", (long) RECIPIENTS).containsEntry("stats.failed", 0L)
                .containsEntry("messages.sent", (long) RECIPIENTS).doesNotContainKeys("messages.queued", "messages.sending");
    }
}
