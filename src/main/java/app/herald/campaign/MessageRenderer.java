package app.herald.campaign;

import app.herald.HeraldException;
import app.herald.tracking.TrackingUrls;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Renders one recipient's message: personalises subject, HTML and text, makes sure there is an
 * unsubscribe link, rewrites http(s) links into click-tracking URLs and adds the open pixel.
 * Thread-safe; compiled templates are cached per campaign version.
 */
public final class MessageRenderer {
    static final String NO_TRACK = "data-herald-notrack";

    private record Cached(Instant version, Templates.Compiled templates) {
    }

    private final TrackingUrls urls;
    private final CampaignLinks links;
    private final Templates templates = new Templates();
    private final Map<Long, Cached> compiled = new ConcurrentHashMap<>();

    public MessageRenderer(Jdbi jdbi, TrackingUrls urls) {
        this.urls = urls;
        this.links = new CampaignLinks(jdbi);
    }

    /** Renders {@code campaign} for {@code recipient} as message {@code messageId}; throws {@link RenderException}. */
    public RenderedMessage render(Campaign campaign, Recipient recipient, long messageId) {
        Templates.Compiled t = templatesOf(campaign);
        String unsubscribeUrl = urls.unsubscribe(messageId);
        Context context = Context.newContext(recipient.templateContext(unsubscribeUrl));
        try {
            String subject = apply(t.subject(), context).replaceAll("[\\r\\n\\t]+", " ").strip();
            Document doc = Jsoup.parse(apply(t.html(), context));
            doc.outputSettings().prettyPrint(false);
            ensureUnsubscribeLink(doc, unsubscribeUrl);
            String text = t.text().isPresent()
                    ? withUnsubscribeLine(apply(t.text().get(), context), unsubscribeUrl)
                    : HtmlText.of(doc.body());
            trackLinks(doc, campaign.id(), messageId, unsubscribeUrl);
            doc.body().appendElement("img").attr("src", urls.openPixel(messageId)).attr("width", "1").attr("height", "1")
                    .attr("alt", "").attr("style", "display:block;border:0;width:1px;height:1px");
            return new RenderedMessage(subject, doc.outerHtml(), text, unsubscribeUrl);
        } finally {
            context.destroy();
        }
    }

    private Templates.Compiled templatesOf(Campaign campaign) {
        Cached cached = compiled.get(campaign.id());
        if (cached == null || !cached.version().equals(campaign.updatedAt())) {
            try {
                cached = new Cached(campaign.updatedAt(), templates.compile(campaign.subject(), campaign.html(), campaign.text()));
            } catch (HeraldException e) {
                throw new RenderException("campaign " + campaign.id() + " has a template error: " + e.getMessage(), e);
            }
            if (compiled.size() > 256) {
                compiled.clear();
            }
            compiled.put(campaign.id(), cached);
        }
        return cached.templates();
    }

    private static String apply(Template template, Context context) {
        try {
            return template.apply(context);
        } catch (IOException | HandlebarsException e) {
            throw new RenderException("cannot render template: " + e.getMessage(), e);
        }
    }

    private static void ensureUnsubscribeLink(Document doc, String unsubscribeUrl) {
        for (Element a : doc.select("a[href]")) {
            if (a.attr("href").strip().equals(unsubscribeUrl)) {
                return;
            }
        }
        Element p = doc.body().appendElement("p").attr("style", "font-size:12px;color:#666666;text-align:center");
        p.appendElement("a").attr("href", unsubscribeUrl).attr("style", "color:#666666").text("Unsubscribe");
    }

    private static String withUnsubscribeLine(String text, String unsubscribeUrl) {
        return text.contains(unsubscribeUrl) ? text : text.stripTrailing() + "\n\n--\nUnsubscribe: " + unsubscribeUrl + "\n";
    }

    private void trackLinks(Document doc, long campaignId, long messageId, String unsubscribeUrl) {
        for (Element a : doc.select("a[href]")) {
            if (a.hasAttr(NO_TRACK)) {
                continue;
            }
            // Browsers ignore surrounding whitespace in href; the stored URL is otherwise exactly as rendered.
            String href = a.attr("href").strip();
            if (isTracked(href) && !href.equals(unsubscribeUrl)) {
                a.attr("href", urls.click(messageId, links.idx(campaignId, href)));
            }
        }
        doc.select("[" + NO_TRACK + "]").removeAttr(NO_TRACK);
    }

    private static boolean isTracked(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
