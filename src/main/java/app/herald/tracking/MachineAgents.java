package app.herald.tracking;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * User agents that name a machine or a mail proxy, from {@code machine-agents.tsv} (pattern, family,
 * kind, note). Patterns are Java regular expressions searched anywhere in the agent, ignoring case;
 * the first matching row wins, so more specific rows go first.
 */
final class MachineAgents {
    static final String FILE = "machine-agents.tsv";

    private record Rule(Pattern pattern, Fetcher fetcher) {
    }

    private static final int CACHE_SIZE = 10_000;

    private final List<Rule> rules;
    // every hit is matched against every pattern; a campaign's readers share a few hundred agents
    private final BoundedCache<String, Optional<Fetcher>> cache = new BoundedCache<>(CACHE_SIZE);

    private MachineAgents(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static MachineAgents load() {
        return new MachineAgents(TsvResource.read(FILE, 4).stream().map(row -> {
            try {
                return new Rule(Pattern.compile(row.field(0), Pattern.CASE_INSENSITIVE), new Fetcher(row.field(1), row.field(2)));
            } catch (IllegalArgumentException e) { // a bad pattern (PatternSyntaxException) or kind
                throw row.error(e.getMessage());
            }
        }).toList());
    }

    Optional<Fetcher> find(String userAgent) {
        if (userAgent == null) {
            return Optional.empty();
        }
        Optional<Fetcher> found = cache.get(userAgent);
        if (found == null) {
            found = match(userAgent);
            cache.put(userAgent, found);
        }
        return found;
    }

    private Optional<Fetcher> match(String userAgent) {
        for (Rule r : rules) {
            if (r.pattern().matcher(userAgent).find()) {
                return Optional.of(r.fetcher());
            }
        }
        return Optional.empty();
    }
}
