package app.herald.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded server itself, so not a storage test: a run against the system server would only repeat it. */
class EmbeddedPostgresRecoveryTest {

    @Test
    void startsAfterHeraldWasKilledAndKeepsCommittedData() throws Exception {
        Path dataDir = TestDatabase.tempDir("herald-kill");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresChild.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // skip the child's log lines
            }
            assertThat(line).as("child reported READY").isEqualTo("READY");
        }
        child.destroyForcibly(); // SIGKILL: the postmaster it started lives on
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new File(dataDir.toFile(), "postgres/postmaster.pid")).exists();

        try (Database db = Database.embedded(dataDir, 2)) {
            String kept = db.jdbi().withHandle(h -> h.createQuery("SELECT value FROM setting WHERE key = 'before-kill'")
                    .mapTo(String.class).one());
            assertThat(kept).isEqualTo("kept");
        }
    }

    /** The embedded server stops only when Herald closes it, after its own shutdown work; not at the same moment. */
    @Test
    void aGracefulStopStillWritesInHeraldsShutdownHookAndThenStopsTheServer() throws Exception {
        Path dataDir = TestDatabase.tempDir("herald-stop");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresChild.class.getName(), dataDir.toString(), "graceful"))
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                output.append(line).append('\n');
            }
            assertThat(line).as("child reported READY").isEqualTo("READY");
            child.toHandle().destroy(); // SIGTERM, as systemctl stop or Ctrl+C (Process.destroy would close our end of its output)
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output.toString()).contains("WRITTEN").doesNotContain("NOT WRITTEN");
        assertThat(new File(dataDir.toFile(), "postgres/postmaster.pid")).as("the server was stopped").doesNotExist();

        try (Database db = Database.embedded(dataDir, 2)) {
            String written = db.jdbi().withHandle(h -> h.createQuery("SELECT value FROM setting WHERE key = 'while-stopping'")
                    .mapTo(String.class).one());
            assertThat(written).isEqualTo("written");
        }
    }
}
