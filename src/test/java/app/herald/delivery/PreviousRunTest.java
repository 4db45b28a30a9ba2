package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class PreviousRunTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String SELF = "this-host:4242";

    @Test
    void aRestartTakesBackWhatItsDeadPreviousRunLeasedAndNothingOfALiveOrDistantProcess() throws Exception {
        long dead = exitedPid();
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            List<String> owners = List.of("this-host:" + dead, "this-host:" + alive.pid(), "other-host:" + dead, SELF);
            long campaign = queueLeasedBy(owners);
            MessageQueue queue = new MessageQueue(DB.jdbi(), Duration.ofMinutes(2));
            Path dataDir = TestDatabase.tempDir("herald-previous-run");

            // the first start of a data directory has no previous run: it only records itself
            assertThat(PreviousRun.takeBack(queue, dataDir, SELF, false)).isZero();
            assertThat(Files.readString(PreviousRun.file(dataDir)).strip()).isEqualTo(SELF);

            assertThat(takeBackAfter(queue, dataDir, "this-host:" + dead)).as("a dead process of this host").isEqualTo(1);
            assertThat(takeBackAfter(queue, dataDir, "this-host:" + alive.pid())).as("a live process has its pid").isZero();
            assertThat(takeBackAfter(queue, dataDir, "other-host:" + dead)).as("another host's process").isZero();
            assertThat(Files.readString(PreviousRun.file(dataDir)).strip()).isEqualTo(SELF);
            assertThat(leaseOwners(campaign)).containsExactlyInAnyOrder("this-host:" + alive.pid(), "other-host:" + dead, SELF);

            // this very name (a container's Herald gets the same pid every start): gone unless a dispatcher of this JVM has it
            Files.writeString(PreviousRun.file(dataDir), SELF);
            assertThat(PreviousRun.takeBack(queue, dataDir, SELF, true)).isZero();
            assertThat(PreviousRun.takeBack(queue, dataDir, SELF, false)).isEqualTo(1);
            assertThat(leaseOwners(campaign)).containsExactlyInAnyOrder("this-host:" + alive.pid(), "other-host:" + dead);
            int free = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM message_queue WHERE lease_owner IS NULL "
                    + "AND lease_until IS NULL").mapTo(Integer.class).one());
            assertThat(free).as("taken back: free to claim").isEqualTo(2);
        } finally {
            alive.destroy();
        }
    }

    @Test
    void aDataDirectoryItCannotWriteToOnlyMeansNoEarlyTakeBack() throws Exception {
        Path notADirectory = Files.createTempFile("herald-previous-run", ".file");
        MessageQueue queue = new MessageQueue(DB.jdbi(), Duration.ofMinutes(2));
        assertThat(PreviousRun.takeBack(queue, notADirectory, SELF, false)).isZero();
    }

    @Test
    void aDatabaseItCannotReachAtStartOnlyMeansNoEarlyTakeBack() throws Exception {
        Path dataDir = TestDatabase.tempDir("herald-previous-run");
        Files.createDirectories(PreviousRun.file(dataDir).getParent());
        Files.writeString(PreviousRun.file(dataDir), "this-host:" + exitedPid());
        MessageQueue unreachable = new MessageQueue(org.jdbi.v3.core.Jdbi.create("jdbc:postgresql://127.0.0.1:1/none"), Duration.ofMinutes(2));
        assertThat(PreviousRun.takeBack(unreachable, dataDir, SELF, false)).isZero();
        assertThat(Files.readString(PreviousRun.file(dataDir)).strip()).as("this run is recorded all the same").isEqualTo(SELF);
    }

    @Test
    void aMalformedOwnerNameIsNeverTakenForGone() {
        assertThat(PreviousRun.gone("this-host", SELF, false)).isFalse();
        assertThat(PreviousRun.gone("this-host:pid", SELF, false)).isFalse();
        assertThat(PreviousRun.gone(":1", SELF, false)).isFalse();
    }

    private static int takeBackAfter(MessageQueue queue, Path dataDir, String previous) throws Exception {
        Files.writeString(PreviousRun.file(dataDir), previous + "\n");
        return PreviousRun.takeBack(queue, dataDir, SELF, false);
    }

    private static long exitedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    /** A queued campaign with one message leased (for two minutes) by each of {@code owners}. */
    private static long queueLeasedBy(List<String> owners) {
        long list = CampaignFixtures.list(DB.jdbi(), "leased");
        for (int i = 0; i < owners.size(); i++) {
            CampaignFixtures.contact(DB.jdbi(), "r" + i + "@example.com", "R" + i, "active", "{}", list);
        }
        long campaign = DB.jdbi().withHandle(h -> h.createQuery("""
                INSERT INTO campaign (name, subject, from_name, from_email, html, status)
                VALUES ('c', 's', 'f', 'f@example.com', '<p>x</p>', 'sending') RETURNING id""").mapTo(Long.class).one());
        DB.jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO message (campaign_id, contact_id, email, kind)
                    SELECT ?, id, email, 'campaign' FROM contact ORDER BY id""", campaign);
            List<Long> ids = h.createQuery("SELECT id FROM message ORDER BY id").mapTo(Long.class).list();
            for (int i = 0; i < owners.size(); i++) {
                h.execute("INSERT INTO message_queue (message_id, campaign_id, attempts, lease_owner, lease_until) "
                        + "VALUES (?, ?, 1, ?, now() + interval '2 minutes')", ids.get(i), campaign, owners.get(i));
            }
        });
        return campaign;
    }

    private static List<String> leaseOwners(long campaign) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT lease_owner FROM message_queue WHERE campaign_id = :c "
                + "AND lease_owner IS NOT NULL").bind("c", campaign).mapTo(String.class).list());
    }
}
