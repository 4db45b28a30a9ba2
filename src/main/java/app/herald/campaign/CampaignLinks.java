package app.herald.campaign;

import app.herald.store.Queries;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Numbers every distinct tracked URL of a campaign (table campaign_link). A click token carries the
 * number, and the click endpoint redirects to the stored URL, so the URL is stored exactly as it was
 * rendered. Numbers are handed out under a per-campaign advisory lock, so that threads and nodes
 * rendering the same campaign agree; the in-memory cache keeps the hot path off the database.
 * {@link #inMemory()} numbers them in memory only, for messages that are never sent.
 */
final class CampaignLinks {
    private static final Queries SQL = Queries.of(CampaignLinks.class);
    // Personalised links make one URL per recipient: cap the memory, the database stays the truth.
    private static final int MAX_CACHED_CAMPAIGNS = 64;
    private static final int MAX_CACHED_URLS = 10_000;

    /** Empty: numbered in memory only. */
    private final Optional<Jdbi> jdbi;
    private final Map<Long, Map<String, Integer>> cache = new ConcurrentHashMap<>();

    CampaignLinks(Jdbi jdbi) {
        this.jdbi = Optional.of(jdbi);
    }

    private CampaignLinks() {
        this.jdbi = Optional.empty();
    }

    /** Numbers that nobody can click through: nothing is stored. */
    static CampaignLinks inMemory() {
        return new CampaignLinks();
    }

    int idx(long campaignId, String url) {
        Map<String, Integer> urls = cache.get(campaignId);
        if (urls == null) {
            if (cache.size() >= MAX_CACHED_CAMPAIGNS) {
                cache.clear();
            }
            urls = cache.computeIfAbsent(campaignId, id -> new ConcurrentHashMap<>());
        }
        Integer idx = urls.get(url);
        if (idx == null) {
            if (jdbi.isEmpty()) {
                Map<String, Integer> numbered = urls;
                return numbered.size() < MAX_CACHED_URLS ? numbered.computeIfAbsent(url, u -> numbered.size()) : MAX_CACHED_URLS;
            }
            idx = jdbi.get().withHandle(h -> find(h, campaignId, url)).orElseGet(() -> create(campaignId, url));
            if (urls.size() < MAX_CACHED_URLS) {
                urls.put(url, idx);
            }
        }
        return idx;
    }

    private int create(long campaignId, String url) {
        return jdbi.get().inTransaction(h -> {
            h.createQuery(SQL.get("lock-campaign")).bind("campaign_id", campaignId).mapTo(Integer.class).one();
            return find(h, campaignId, url).orElseGet(() -> h.createQuery(SQL.get("insert"))
                    .bind("campaign_id", campaignId).bind("url", url).mapTo(Integer.class).one());
        });
    }

    private static Optional<Integer> find(Handle h, long campaignId, String url) {
        return h.createQuery(SQL.get("find")).bind("campaign_id", campaignId).bind("url", url).mapTo(Integer.class).findOne();
    }
}
