package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the classifier over the labelled replay set ({@code replay-set.tsv}: one case per message,
 * its hits in time order) and measures precision and recall for human and machine. The numbers are
 * printed, and written into docs/tracking-and-privacy.md by hand when the set or the rules change.
 */
class ReplaySetTest {
    private static final Instant SENT = Instant.parse("2025-06-03T09:00:00Z");

    record Labelled(String caseName, Hit hit, String expected) {
    }

    record Judged(Labelled labelled, String actual) {
        boolean expectedHuman() {
            return labelled.expected().equals("human");
        }

        boolean expectedMachine() {
            return labelled.expected().startsWith("machine:");
        }
    }

    private static final List<Judged> RESULTS = new ArrayList<>();

    @BeforeAll
    static void replay() throws IOException {
        Map<String, List<Labelled>> cases = new LinkedHashMap<>();
        Map<String, Integer> links = new LinkedHashMap<>();
        long messageId = 1;
        Map<String, Long> ids = new LinkedHashMap<>();
        try (InputStream in = ReplaySetTest.class.getResourceAsStream("replay-set.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String name = f[0];
                if (!ids.containsKey(name)) {
                    ids.put(name, messageId++);
                }
                links.put(name, Integer.parseInt(f[1]));
                Instant at = SENT.plusSeconds(Long.parseLong(f[2]));
                Hit.Method method = Hit.Method.valueOf(f[5]);
                String agent = f[7].isEmpty() ? null : f[7];
                Hit hit = f[3].equals("open")
                        ? Hit.open(ids.get(name), at, method, f[6], agent)
                        : Hit.click(ids.get(name), Integer.parseInt(f[4]), at, method, f[6], agent);
                cases.computeIfAbsent(name, k -> new ArrayList<>()).add(new Labelled(name, hit, f[8]));
            }
        }
        HitClassifier classifier = HitClassifier.standard();
        cases.forEach((name, hits) -> {
            HitHistory history = new HitHistory(1, SENT, null, links.get(name));
            for (Labelled l : hits) {
                Verdict v = classifier.judge(l.hit(), history).verdict();
                RESULTS.add(new Judged(l, v.machineKindName() == null ? v.sqlName() : "machine:" + v.machineKindName()));
            }
        });
    }

    @Test
    void separatesPeopleFromMachinesWithPrecisionAndRecallOfAtLeast95Percent() {
        long humans = RESULTS.stream().filter(Judged::expectedHuman).count();
        long machines = RESULTS.stream().filter(Judged::expectedMachine).count();
        long predictedHuman = RESULTS.stream().filter(j -> j.actual().equals("human")).count();
        long predictedMachine = RESULTS.stream().filter(j -> j.actual().startsWith("machine:")).count();
        long humanHits = RESULTS.stream().filter(j -> j.expectedHuman() && j.actual().equals("human")).count();
        long machineHits = RESULTS.stream().filter(j -> j.expectedMachine() && j.actual().startsWith("machine:")).count();
        long rightKind = RESULTS.stream().filter(j -> j.expectedMachine() && j.actual().equals(j.labelled().expected())).count();
        long unknown = RESULTS.stream().filter(j -> j.actual().equals("unknown")).count();

        double humanPrecision = (double) humanHits / predictedHuman;
        double humanRecall = (double) humanHits / humans;
        double machinePrecision = (double) machineHits / predictedMachine;
        double machineRecall = (double) machineHits / machines;
        System.out.printf("replay set: %d cases, %d hits (%d human, %d machine); unknown verdicts %d%n",
                RESULTS.stream().map(j -> j.labelled().caseName()).distinct().count(), RESULTS.size(), humans, machines, unknown);
        System.out.printf("human   precision %.3f (%d/%d) recall %.3f (%d/%d)%n", humanPrecision, humanHits, predictedHuman, humanRecall, humanHits, humans);
        System.out.printf("machine precision %.3f (%d/%d) recall %.3f (%d/%d); right kind %d/%d%n",
                machinePrecision, machineHits, predictedMachine, machineRecall, machineHits, machines, rightKind, machineHits);
        RESULTS.stream().filter(j -> !j.actual().equals(j.labelled().expected()))
                .forEach(j -> System.out.printf("  miss: %s %s at +%ds expected %s, got %s%n", j.labelled().caseName(),
                        j.labelled().hit().kind(), j.labelled().hit().at().getEpochSecond() - SENT.getEpochSecond(),
                        j.labelled().expected(), j.actual()));

        assertThat(humanPrecision).as("human precision").isGreaterThanOrEqualTo(0.95);
        assertThat(humanRecall).as("human recall").isGreaterThanOrEqualTo(0.95);
        assertThat(machinePrecision).as("machine precision").isGreaterThanOrEqualTo(0.95);
        assertThat(machineRecall).as("machine recall").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void coversEveryClientAndMachineTheIssueNames() {
        List<String> names = RESULTS.stream().map(j -> j.labelled().caseName()).distinct().toList();
        assertThat(names).anyMatch(n -> n.startsWith("apple-mail")).anyMatch(n -> n.startsWith("apple-mpp"))
                .anyMatch(n -> n.startsWith("gmail-web")).anyMatch(n -> n.startsWith("outlook-windows"))
                .anyMatch(n -> n.startsWith("outlook-web")).anyMatch(n -> n.startsWith("outlook-ios"))
                .anyMatch(n -> n.startsWith("thunderbird")).anyMatch(n -> n.startsWith("foxmail"))
                .anyMatch(n -> n.startsWith("qq-mail")).anyMatch(n -> n.startsWith("netease"))
                .anyMatch(n -> n.startsWith("safe-links")).anyMatch(n -> n.startsWith("mimecast"))
                .anyMatch(n -> n.startsWith("proofpoint")).anyMatch(n -> n.startsWith("barracuda"))
                .anyMatch(n -> n.contains("link")).anyMatch(n -> n.startsWith("curl")).anyMatch(n -> n.startsWith("python"));
        assertThat(RESULTS.stream().map(j -> j.labelled().expected()).distinct())
                .contains("human", "machine:privacy_proxy_prefetch", "machine:security_scanner", "machine:link_checker", "machine:unknown_bot");
    }
}
