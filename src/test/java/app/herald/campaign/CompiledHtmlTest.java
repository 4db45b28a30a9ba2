package app.herald.campaign;

import static app.herald.campaign.CampaignFixtures.URLS;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages assembled from a compiled shape must be exactly what parsing each recipient's own HTML
 * gives: same subject, HTML and text, byte for byte, for plain and for hostile values, in every
 * template context.
 */
@Tag("storage")
class CompiledHtmlTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String BENCH = """
            <!doctype html><html><body style="font-family:Arial,sans-serif;max-width:600px">
            <p>Hello {{default first_name "there"}},</p>
            <p>Thanks for working with us at {{company}}. This week's picks for {{attributes.region}}:</p>
            <ul><li><a href="https://shop.example.com/products/1?utm_source=herald&amp;utm_campaign=bench">Product 1</a> — why.</li>
            <li><a href="https://shop.example.com/products/2">Product 2</a></li></ul>
            <p><b>Reply to this mail</b> if you want a quote.</p>
            <p><a href="https://shop.example.com/offer?c={{attributes.region}}">See the offer</a></p>
            <p style="font-size:12px;color:#666"><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
            </body></html>""";

    private static final List<String> TEMPLATES = List.of(
            BENCH,
            "<p>Hi {{first_name}} {{last_name}} from {{company}}</p><p><a href=\"https://a.example/x\">x</a></p>",
            "{{#if first_name}}<h1>Dear {{first_name}}</h1>{{else}}<h1>Hello</h1>{{/if}}<p>{{attributes.region}}</p>",
            "<img alt=\"{{first_name}}\" title='{{company}}' src=\"https://img.example/{{attributes.region}}.png\">"
                    + "<a href=\"https://a.example/?n={{first_name}}&amp;c={{company}}\">{{first_name}}</a>",
            "<table><tr><td>{{first_name}}</td><td>{{company}}</td></tr></table><pre>  {{first_name}}\n {{company}}</pre>"
                    + "<ol><li>{{first_name}}<ul><li>{{last_name}}</li></ul></li></ol><hr><h2>{{company}}</h2>",
            "<p><a href=\"https://x.example/{{first_name}}\">https://x.example/{{first_name}}</a> "
                    + "<a href=\"mailto:{{email}}\">{{email}}</a> <a href=\"https://x.example/{{first_name}}\"></a></p>",
            "<p><a href=\"https://a.example/private/{{first_name}}\" data-herald-notrack>private</a>"
                    + "<span data-herald-notrack>{{first_name}}</span></p>",
            "<html><head><title>{{first_name}}</title><style>p{content:\"{{company}}\"}</style></head>"
                    + "<body><!-- {{first_name}} --><p>{{first_name}}</p></body></html>",
            "<p class={{first_name}}>unquoted</p><p>&{{first_name}} &amp{{company}}</p>",
            "<p>&lt;{{first_name}} <{{company}}</p><input value=\"{{first_name}}\" checked=\"{{company}}\">",
            "<p><a href=\" {{unsubscribe_url}} \">leave</a> <a href=\"https://a.example/{{unsubscribe_url}}\">odd</a></p>",
            "<p><a href=\"" + URLS.unsubscribe(7) + "\">someone's own</a> {{first_name}}</p>",
            "<div>{{{first_name}}} and {{first_name}}</div><script>var n = \"{{first_name}}\";</script>",
            "<p>{{first_name}}</p>{{#each attributes.tags}}<span>{{this}}</span>{{/each}}",
            "<svg><text>{{first_name}}</text></svg><p>{{company}}</p>",
            "<table>{{first_name}}<tr><td>x</td></tr></table><select><option>{{company}}</option></select>",
            "<p>Tab\tand\u00a0nbsp {{first_name}}&nbsp;{{last_name}}</p><p>  </p><br><br><br><p>end</p>");

    private static final List<String> NAMES = Arrays.asList("Anna", "Mary Ann", "A & B <b>\"q\"</b> 'x' =y `z", "Zoë 🚀",
            "https://evil.example/?a=1&b=2", "  spaced ", "multi  space", "tab\tname", "nbsp\u00a0x", "line\nbreak",
            "private\uE000use", "end\uE001", "", null, "<a href=\"https://evil.example\">x</a>", "&amp;", "checked", "你好");

    private Campaigns campaigns;
    private long listId;

    @BeforeEach
    void setUp() {
        campaigns = new Campaigns(DB.jdbi());
        listId = CampaignFixtures.list(DB.jdbi(), "customers");
    }

    private static Recipient recipient(int i, String name) {
        String other = NAMES.get((i * 7 + 3) % NAMES.size());
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("region", i % 3 == 0 ? "EMEA" : i % 3 == 1 ? "Rhein & Ruhr" : "");
        attributes.put("tags", i % 2 == 0 ? List.of("a", "b <c>") : List.of());
        return new Recipient("r" + i + "@example.com", Optional.ofNullable(name), Optional.ofNullable(other),
                Optional.of(i % 4 == 0 ? "Acme" : "Müller & Söhne"), Optional.of("DE"), Optional.empty(), Optional.empty(),
                attributes);
    }

    @Test
    void rendersExactlyWhatTheFullPathRendersForEveryTemplateAndValue() {
        MessageRenderer fast = new MessageRenderer(DB.jdbi(), URLS);
        MessageRenderer full = new MessageRenderer(DB.jdbi(), URLS, false, true);
        List<String> mismatches = new ArrayList<>();
        long messages = 0;
        for (String template : TEMPLATES) {
            Campaign c = campaigns.get(campaigns.create(CampaignFixtures.draft("Hi {{first_name}}", template, listId)));
            for (int i = 0; i < NAMES.size() * 2; i++) {
                Recipient r = recipient(i, NAMES.get(i % NAMES.size()));
                long messageId = 1000 + messages++;
                // the compiled renderer goes first: it numbers the static links, the full path then finds the same numbers
                RenderedMessage a = fast.render(c, r, messageId);
                RenderedMessage b = full.render(c, r, messageId);
                if (!a.equals(b)) {
                    mismatches.add("template " + TEMPLATES.indexOf(template) + ", value " + r.firstName()
                            + "\n--- compiled:\n" + a + "\n--- full:\n" + b);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(full.renderedFromShapes()).isZero();
        assertThat(fast.renderedFromShapes()).as("messages assembled from shapes").isGreaterThan(messages / 3);
    }

    @Test
    void assemblesTheBenchmarkTemplateFromOneShapeForPlainValues() {
        MessageRenderer renderer = new MessageRenderer(DB.jdbi(), URLS);
        Campaign c = campaigns.get(campaigns.create(CampaignFixtures.draft("{{first_name}}, picks", BENCH, listId)));

        for (int i = 0; i < 50; i++) {
            Recipient r = new Recipient("c" + i + "@example.com", Optional.of("First" + i), Optional.of("Last" + i),
                    Optional.of("Company " + i), Optional.of("DE"), Optional.empty(), Optional.empty(), Map.of("region", "region" + i % 7));
            renderer.render(c, r, i + 1);
        }

        assertThat(renderer.renderedFromShapes()).isEqualTo(50);
    }

    @Test
    void usesTheGivenTextPartWithAShape() {
        MessageRenderer fast = new MessageRenderer(DB.jdbi(), URLS);
        MessageRenderer full = new MessageRenderer(DB.jdbi(), URLS, false, true);
        Campaign c = campaigns.get(campaigns.create(CampaignFixtures.draft("Hi", "<p>Hi {{first_name}}</p>",
                Optional.of("Hi {{first_name}}"), List.of(listId))));

        RenderedMessage a = fast.render(c, CampaignFixtures.recipient("a@example.com", "Anna"), 5);

        assertThat(a).isEqualTo(full.render(c, CampaignFixtures.recipient("a@example.com", "Anna"), 5));
        assertThat(a.text()).isEqualTo("Hi Anna\n\n--\nUnsubscribe: " + URLS.unsubscribe(5) + "\n");
        assertThat(fast.renderedFromShapes()).isEqualTo(1);
    }
}
