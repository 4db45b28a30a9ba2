package app.herald.tracelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random queries over generated logs: the search through the indexes, the first search (building
 * them) and a plain scan all give exactly what filtering every record by hand gives.
 */
class IndexEquivalenceTest {
    @TempDir
    static Path dir;

    private static List<LogRecord> all;

    @BeforeAll
    static void generate() {
        new SyntheticLogs(dir, false, 7, 256 * 1024).write(12_000);
        SearchResult everything = new LogSearch(dir, false).search(SearchQuery.builder().resultSize(SearchQuery.UNLIMITED).build());
        assertThat(everything.malformed()).isEmpty();
        all = everything.records();
        assertThat(all).hasSizeGreaterThanOrEqualTo(12_000);
    }

    @Test
    void indexedFirstAndScannedSearchesAgreeWithFilteringByHand() {
        SplittableRandom random = new SplittableRandom(2026);
        new LogSearch(dir).search(SearchQuery.builder().sender("nobody@example.com").build()); // builds every index
        for (int i = 0; i < 300; i++) {
            SearchQuery.Builder b = SearchQuery.builder();
            List<Predicate<LogRecord>> expect = new ArrayList<>();
            LogRecord pick = all.get(random.nextInt(all.size()));
            int kind = random.nextInt(6);
            switch (kind) {
                case 0 -> {
                    String s = SyntheticLogs.campaignSender(random.nextInt(SyntheticLogs.CAMPAIGNS));
                    b.sender(s.toUpperCase(Locale.ROOT));
                    expect.add(r -> r.sender().equalsIgnoreCase(s));
                }
                case 1 -> {
                    String a = pick.recipients().get(0);
                    String other = SyntheticLogs.contact(random.nextInt(200_000));
                    b.recipients(List.of(a, other));
                    expect.add(r -> r.recipients().stream().anyMatch(x -> x.equalsIgnoreCase(a) || x.equalsIgnoreCase(other)));
                }
                case 2 -> {
                    String id = pick.get(RecordField.MESSAGE_ID);
                    b.messageId(random.nextBoolean() ? id : id.substring(1, id.length() - 1));
                    expect.add(r -> r.get(RecordField.MESSAGE_ID).equals(id));
                }
                case 3 -> {
                    String id = pick.get(RecordField.NETWORK_MESSAGE_ID);
                    b.networkMessageId(id.toUpperCase(Locale.ROOT));
                    expect.add(r -> r.get(RecordField.NETWORK_MESSAGE_ID).equals(id));
                }
                case 4 -> {
                    String id = pick.get(RecordField.INTERNAL_MESSAGE_ID);
                    b.internalMessageId(id);
                    expect.add(r -> r.get(RecordField.INTERNAL_MESSAGE_ID).equals(id));
                }
                default -> {
                    String e = List.of("SUBMIT", "SEND", "DEFER", "FAIL", "AGENTINFO").get(random.nextInt(5));
                    b.eventId(e.toLowerCase(Locale.ROOT));
                    expect.add(r -> r.eventId().equals(e));
                }
            }
            if (random.nextInt(3) == 0) {
                Instant start = all.get(random.nextInt(all.size())).timestamp();
                Instant end = start.plusSeconds(1 + random.nextInt(3600));
                b.start(start).end(end);
                expect.add(r -> !r.timestamp().isBefore(start) && r.timestamp().isBefore(end));
            }
            if (kind < 5 && random.nextInt(4) == 0) {
                b.eventId("SEND");
                expect.add(r -> r.eventId().equals("SEND"));
            }
            int size = random.nextInt(4) == 0 ? 1 + random.nextInt(20) : SearchQuery.UNLIMITED;
            b.resultSize(size);
            SearchQuery q = b.build();

            Predicate<LogRecord> all1 = expect.stream().reduce(r -> true, Predicate::and);
            List<LogRecord> matching = all.stream().filter(all1).toList();
            List<LogRecord> expected = matching.subList(0, Math.min(size, matching.size()));

            SearchResult indexed = new LogSearch(dir).search(q);
            SearchResult scanned = new LogSearch(dir, false).search(q);
            assertThat(indexed.records()).as("indexed %s", q).isEqualTo(expected);
            assertThat(indexed.moreAvailable()).as("more available %s", q).isEqualTo(matching.size() > size);
            assertThat(scanned.records()).as("scanned %s", q).isEqualTo(expected);
            assertThat(scanned.moreAvailable()).isEqualTo(matching.size() > size);
        }
    }
}
