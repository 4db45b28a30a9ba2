package app.herald.tracking;

import app.herald.config.IpStorage;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.Database;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Durable acknowledgement, end to end: Herald's tracking endpoints in a child JVM under load from
 * many loopback clients, killed with SIGKILL in the middle, then started again on the same data
 * directory and database. Every hit answered before the kill must be stored; a request in flight at
 * the kill (sent, no complete answer) may or may not be, so stored lies between the two.
 */
@Tag("storage")
class HitJournalCrashTest {
    private static final int CLIENTS = 32;
    private static final int PER_CLIENT = 400;
    private static final int KILL_AFTER = 2_000;

    @Test
    void everyHitAnsweredBeforeAKillIsStoredAfterTheRestart() throws Exception {
        Path dataDir = TestDatabase.tempDir("herald-hit-crash");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                HitJournalCrashChild.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        List<String> urls;
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
            // skip the child's log lines
        }
        assertThat(line).as("child reported READY").isNotNull();
        urls = Arrays.asList(line.split(" ")).subList(2, line.split(" ").length);
        Thread.ofPlatform().daemon().start(() -> drain(out)); // the child must never block on a full pipe

        AtomicLong acknowledged = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicInteger answered = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        String url = urls.get((client * PER_CLIENT + i) % urls.size());
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                                .header("User-Agent", "crash-test").GET().build();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                            if (status == 200 || status == 302) {
                                acknowledged.incrementAndGet();
                                answered.incrementAndGet();
                            }
                        } catch (IOException e) {
                            inFlight.incrementAndGet(); // sent (or being sent) when the server died
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            while (answered.get() < KILL_AFTER && done.stream().anyMatch(f -> !f.isDone())) {
                Thread.sleep(5);
            }
            child.destroyForcibly(); // SIGKILL, like a crash: no shutdown hook, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(acknowledged.get()).as("hits answered before the kill").isGreaterThanOrEqualTo(KILL_AFTER);

        try (Database db = Database.embedded(dataDir, 4);
             HitRecorder restarted = HitRecorder.durable(db.jdbi(), TrackingLog.disabled(), IpStorage.FULL, dataDir, HitRecorder.JOURNAL_LIMIT)) {
            assertThat(restarted.flush(Duration.ofSeconds(60))).isTrue();
            long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM tracking_event").mapTo(Long.class).one());
            System.out.printf("kill -9 under load: %d hits answered, %d requests in flight, %d stored after the restart%n",
                    acknowledged.get(), inFlight.get(), stored);
            assertThat(stored).isBetween(acknowledged.get(), acknowledged.get() + inFlight.get());
            long counted = db.jdbi().withHandle(h -> h.createQuery("SELECT sum(opens + clicks) FROM message").mapTo(Long.class).one());
            assertThat(counted).isEqualTo(stored);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException e) {
            // the child is gone
        }
    }
}
