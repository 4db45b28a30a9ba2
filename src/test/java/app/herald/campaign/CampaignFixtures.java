package app.herald.campaign;

import app.herald.tracking.TrackingTokens;
import app.herald.tracking.TrackingUrls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Test data written with plain SQL (the audience feature's import is built separately) and
 * campaign drafts with sensible defaults.
 */
public final class CampaignFixtures {
    public static final TrackingTokens TOKENS = new TrackingTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    public static final TrackingUrls URLS = new TrackingUrls(URI.create("https://t.example.com"), TOKENS);

    private CampaignFixtures() {
    }

    public static long list(Jdbi jdbi, String name) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO list (name) VALUES (:name) RETURNING id")
                .bind("name", name).mapTo(Long.class).one());
    }

    /** A contact with the given status and attributes (a JSON object), member of the given lists. */
    public static long contact(Jdbi jdbi, String email, String firstName, String status, String attributesJson, long... listIds) {
        return jdbi.withHandle(h -> {
            long id = h.createQuery("""
                    INSERT INTO contact (email, first_name, last_name, company, country, status, attributes)
                    VALUES (:email, :first_name, 'Doe', 'Acme <Ltd>', 'DE', :status, CAST(:attributes AS jsonb)) RETURNING id""")
                    .bind("email", email).bind("first_name", firstName).bind("status", status)
                    .bind("attributes", attributesJson).mapTo(Long.class).one();
            for (long listId : listIds) {
                h.execute("INSERT INTO list_member (list_id, contact_id) VALUES (?, ?)", listId, id);
            }
            return id;
        });
    }

    public static CampaignDraft draft(String subject, String html, long... listIds) {
        return new CampaignDraft("Spring offer", subject, "Anna from Acme", "news@acme.example", Optional.empty(), html,
                Optional.empty(), java.util.Arrays.stream(listIds).boxed().toList());
    }

    public static CampaignDraft draft(String subject, String html, Optional<String> text, List<Long> listIds) {
        return new CampaignDraft("Spring offer", subject, "Anna from Acme", "news@acme.example", Optional.of("sales@acme.example"),
                html, text, listIds);
    }

    public static Recipient recipient(String email, String firstName) {
        return new Recipient(email, Optional.ofNullable(firstName), Optional.of("Doe"), Optional.of("Acme"), Optional.of("DE"),
                Optional.empty(), Optional.empty(), java.util.Map.of("region", "EMEA"));
    }
}
