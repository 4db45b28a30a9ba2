package app.herald.campaign;

import static app.herald.campaign.CampaignFixtures.URLS;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class MessageRendererTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private Campaigns campaigns;
    private MessageRenderer renderer;
    private long listId;

    @BeforeEach
    void setUp() {
        campaigns = new Campaigns(DB.jdbi());
        renderer = new MessageRenderer(DB.jdbi(), URLS);
        listId = CampaignFixtures.list(DB.jdbi(), "customers");
    }

    private Campaign campaign(String subject, String html) {
        return campaigns.get(campaigns.create(draft(subject, html, listId)));
    }

    private List<String> storedLinks(long campaignId) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT url FROM campaign_link WHERE campaign_id = :c ORDER BY idx")
                .bind("c", campaignId).mapTo(String.class).list());
    }

    @Test
    void personalisesWithTheDefaultHelperAndAttributes() {
        Campaign c = campaign("{{default first_name \"there\"}}, news for {{attributes.region}}",
                "<p>Hi {{default first_name \"there\"}} from {{company}}</p>");

        RenderedMessage anna = renderer.render(c, recipient("anna@example.com", "Anna"), 1);
        RenderedMessage nameless = renderer.render(c, recipient("x@example.com", null), 2);

        assertThat(anna.subject()).isEqualTo("Anna, news for EMEA");
        assertThat(anna.html()).contains("<p>Hi Anna from Acme</p>");
        assertThat(nameless.subject()).isEqualTo("there, news for EMEA");
        assertThat(renderer.render(c, Recipient.onlyEmail("y@example.com"), 3).subject()).isEqualTo("there, news for");
    }

    @Test
    void escapesValuesInHtmlButNotInSubjectOrText() {
        Campaign c = campaigns.get(campaigns.create(draft("Hello {{first_name}}", "<p>Hello {{first_name}}</p>",
                Optional.of("Hello {{first_name}}"), List.of(listId))));

        RenderedMessage m = renderer.render(c, recipient("a@example.com", "<script>alert(1)</script>"), 1);

        assertThat(m.html()).contains("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>").doesNotContain("<script>");
        assertThat(m.subject()).isEqualTo("Hello <script>alert(1)</script>");
        assertThat(m.text()).startsWith("Hello <script>alert(1)</script>");
    }

    @Test
    void missingVariablesRenderEmpty() {
        Campaign c = campaign("Hi {{nickname}}{{attributes.nothing.deeper}}!", "<p>{{#if vip}}VIP{{/if}}{{last_name}}</p>");

        RenderedMessage m = renderer.render(c, Recipient.onlyEmail("a@example.com"), 1);

        assertThat(m.subject()).isEqualTo("Hi !");
        assertThat(m.html()).contains("<p></p>");
    }

    @Test
    void rewritesHttpLinksButNotMailtoTelFragmentsOrNotrack() {
        Campaign c = campaign("Hi", """
                <p><a href="https://acme.example/pumps">Pumps</a>
                <a href="mailto:sales@acme.example">mail</a> <a href="tel:+4930123">call</a> <a href="#top">top</a>
                <a href="https://acme.example/private" data-herald-notrack>private</a></p>""");

        Document doc = Jsoup.parse(renderer.render(c, recipient("a@example.com", "Anna"), 7).html());

        List<String> hrefs = doc.select("a").eachAttr("href");
        assertThat(hrefs).containsExactly(URLS.click(7, 0), "mailto:sales@acme.example", "tel:+4930123", "#top",
                "https://acme.example/private", URLS.unsubscribe(7));
        assertThat(doc.select("[data-herald-notrack]")).isEmpty();
        assertThat(storedLinks(c.id())).containsExactly("https://acme.example/pumps");
    }

    @Test
    void storesTheUrlExactlyAsRenderedWithQueryAndFragment() {
        Campaign c = campaign("Hi", "<a href=\"https://acme.example/p?id=1&amp;utm_source=herald&amp;q=a%20b#specs\">p</a>");

        renderer.render(c, recipient("a@example.com", "Anna"), 1);

        assertThat(storedLinks(c.id())).containsExactly("https://acme.example/p?id=1&utm_source=herald&q=a%20b#specs");
    }

    @Test
    void givesStaticLinksOneNumberAndPersonalisedLinksOnePerDistinctUrl() {
        Campaign c = campaign("Hi", """
                <a href="https://acme.example/shop">shop</a>
                <a href="https://acme.example/offer?region={{attributes.region}}&amp;who={{first_name}}">offer</a>""");

        RenderedMessage anna = renderer.render(c, recipient("a@example.com", "Anna"), 1);
        renderer.render(c, recipient("b@example.com", "Ben"), 2);
        RenderedMessage anna2 = renderer.render(c, recipient("c@example.com", "Anna"), 3);

        assertThat(storedLinks(c.id())).containsExactly("https://acme.example/shop",
                "https://acme.example/offer?region=EMEA&who=Anna", "https://acme.example/offer?region=EMEA&who=Ben");
        assertThat(Jsoup.parse(anna.html()).select("a").eachAttr("href")).startsWith(URLS.click(1, 0), URLS.click(1, 1));
        assertThat(Jsoup.parse(anna2.html()).select("a").eachAttr("href")).startsWith(URLS.click(3, 0), URLS.click(3, 1));
    }

    @Test
    void threadsRenderingTheSameCampaignAgreeOnLinkNumbers() throws Exception {
        Campaign c = campaign("Hi", "<a href=\"https://acme.example/a\">a</a><a href=\"https://acme.example/{{first_name}}\">x</a>");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> hrefs = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    // every renderer has its own cache, as separate nodes would
                    MessageRenderer own = new MessageRenderer(DB.jdbi(), URLS);
                    Document d = Jsoup.parse(own.render(c, recipient("r" + n + "@example.com", "n" + (n % 8)), 1).html());
                    hrefs.addAll(d.select("a").eachAttr("href"));
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(storedLinks(c.id())).hasSize(9).startsWith("https://acme.example/a");
        assertThat(hrefs).hasSize(10); // 9 click URLs for message 1, plus the unsubscribe URL
    }

    @Test
    void addsTheOpenPixelAtTheEndOfTheBody() {
        Campaign c = campaign("Hi", "<html><body><p>Hello</p></body></html>");

        Document doc = Jsoup.parse(renderer.render(c, recipient("a@example.com", "Anna"), 5).html());

        Element last = doc.body().children().last();
        assertThat(last.tagName()).isEqualTo("img");
        assertThat(last.attr("src")).isEqualTo(URLS.openPixel(5));
        assertThat(last.attr("width")).isEqualTo("1");
        assertThat(last.attr("height")).isEqualTo("1");
        assertThat(last.attr("alt")).isEmpty();
        assertThat(last.attr("style")).isEqualTo("display:block;border:0;width:1px;height:1px");
    }

    @Test
    void addsAnUnsubscribeFooterOnlyWhenTheHtmlHasNoUnsubscribeLink() {
        Campaign without = campaign("Hi", "<p>Hello</p>");
        Campaign with = campaign("Hi", "<p>Hello <a href=\"{{unsubscribe_url}}\">leave</a></p>");

        Document a = Jsoup.parse(renderer.render(without, recipient("a@example.com", "Anna"), 1).html());
        Document b = Jsoup.parse(renderer.render(with, recipient("a@example.com", "Anna"), 2).html());

        assertThat(a.select("a[href=" + URLS.unsubscribe(1) + "]").text()).isEqualTo("Unsubscribe");
        assertThat(b.select("a").eachText()).containsExactly("leave");
        assertThat(b.select("a").attr("href")).isEqualTo(URLS.unsubscribe(2));
    }

    @Test
    void generatesTheTextPartFromTheHtmlWithRealUrls() {
        Campaign c = campaign("Hi", "<p>Hello {{first_name}},</p><ul><li>see <a href=\"https://acme.example/pumps\">pumps</a></li></ul>");

        RenderedMessage m = renderer.render(c, recipient("a@example.com", "Anna"), 3);

        assertThat(m.text()).isEqualTo("Hello Anna,\n\n- see pumps (https://acme.example/pumps)\n\nUnsubscribe ("
                + URLS.unsubscribe(3) + ")\n");
    }

    @Test
    void keepsTheHtmlCompact() {
        Campaign c = campaign("Hi", "<p>a</p><p>b</p>");

        String html = renderer.render(c, recipient("a@example.com", "Anna"), 3).html();

        assertThat(html).startsWith("<html><head></head><body><p>a</p><p>b</p><p ");
    }
}
