package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three {@code herald serve} processes (child JVMs) on one PostgreSQL share a campaign. Each node
 * sends to its own port of one counting SMTP server, so the sink tells each node's share.
 */
@Tag("storage")
class SeveralNodesTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int NODES = 3;
    private static final int RECIPIENTS = 3_000;
    private static final int CONNECTIONS = 2;

    private final NodeCampaigns campaigns = new NodeCampaigns(DB.jdbi());
    private final List<HeraldNode> nodes = new ArrayList<>();
    private CountingSmtpSink sink;

    @AfterEach
    void stopNodes() throws Exception {
        for (HeraldNode n : nodes) {
            n.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void threeNodesSplitACampaignAndEveryRecipientGetsItExactlyOnce() throws Exception {
        long campaign = campaigns.campaignTo(RECIPIENTS);
        startNodes();

        // every node is asked to start it at once: one expands it, the others refuse
        List<CompletableFuture<Integer>> answers = nodes.stream()
                .map(n -> CompletableFuture.supplyAsync(() -> send(n, campaign))).toList();
        assertThat(answers.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(202, 422, 422);
        campaigns.awaitSent(campaign, Duration.ofSeconds(180));

        Map<String, Integer> copies = sink.copies();
        assertThat(copies).hasSize(RECIPIENTS).allSatisfy((address, n) -> assertThat(n).as(address).isEqualTo(1));
        List<Long> shares = IntStream.range(0, NODES).mapToObj(sink::acceptedOn).toList();
        System.out.printf("%d recipients over %d nodes: shares %s%n", RECIPIENTS, NODES, shares);
        assertThat(shares).allSatisfy(s -> assertThat(s).isPositive());
        assertThat(campaigns.numbers(campaign)).containsEntry("stats.sent", (long) RECIPIENTS)
                .containsEntry("messages.sent", (long) RECIPIENTS);
        assertThat(nodes.stream().mapToLong(n -> n.linesContaining("campaign " + campaign + " is sent")).sum())
                .as("nodes that marked the campaign sent").isEqualTo(1);
    }

    @Test
    void whenANodeIsKilledTheOthersTakeOverItsMessagesOnceTheLeaseExpires() throws Exception {
        long campaign = campaigns.campaignTo(RECIPIENTS);
        startNodes();
        assertThat(send(nodes.get(1), campaign)).isEqualTo(202);

        // in the middle of its work: the node to kill has sent some, and the campaign is far from done
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while ((sink.acceptedOn(0) < 50 || sink.accepted() < RECIPIENTS / 4) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        HeraldNode dead = nodes.get(0);
        dead.kill();
        Thread.sleep(200); // a message the sink was already taking in when the node died is counted by now
        long deadShare = sink.acceptedOn(0);
        System.out.printf("killed %s with SIGKILL after it sent %d of %d accepted%n", dead.name, deadShare, sink.accepted());
        assertThat(deadShare).as("the killed node had sent some of the campaign").isPositive();
        assertThat(sink.accepted()).as("killed before the end of the campaign").isLessThan(RECIPIENTS);
        campaigns.awaitSent(campaign, Duration.ofSeconds(180));

        Map<String, Integer> copies = sink.copies();
        assertThat(copies).as("every recipient got the campaign")
                .containsOnlyKeys(IntStream.rangeClosed(1, RECIPIENTS).mapToObj(i -> "r" + i + "@nodes.example").toList());
        long duplicates = NodeCampaigns.duplicates(copies);
        System.out.printf("one of %d nodes killed, %d recipients, %d connections each: %d duplicates (in-flight window %d)%n",
                NODES, RECIPIENTS, CONNECTIONS, duplicates, Dispatcher.inFlightWindow(CONNECTIONS));
        assertThat(duplicates).isLessThanOrEqualTo(Dispatcher.inFlightWindow(CONNECTIONS));
        assertThat(sink.acceptedOn(0)).as("nothing came from the dead node after the kill").isEqualTo(deadShare);
        assertThat(campaigns.numbers(campaign)).containsEntry("stats.sent", (long) RECIPIENTS)
                .containsEntry("messages.sent", (long) RECIPIENTS);
    }

    private void startNodes() {
        sink = new CountingSmtpSink(NODES, 1);
        List<CompletableFuture<HeraldNode>> starting = IntStream.range(0, NODES).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                return HeraldNode.start("node-" + i, NodeCampaigns.node(TestDatabase.tempDir("herald-node-" + i), sink.port(i), CONNECTIONS));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        starting.forEach(f -> nodes.add(f.join()));
    }

    private int send(HeraldNode node, long campaign) {
        try {
            return campaigns.send(node, campaign);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
