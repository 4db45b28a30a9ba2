package app.herald.campaign;

import app.herald.HeraldException;
import app.herald.tracking.TrackingUrls;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Jdbi;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Renders one recipient's message: personalises subject, HTML and text, makes sure there is an
 * unsubscribe link, rewrites http(s) links into click-tracking URLs and adds the open pixel, unless
 * the campaign does not track clicks (opens) or the recipient has not consented to tracking: then
 * links stay as written (there is no pixel). The unsubscribe link is always there.
 * Thread-safe; compiled templates are cached per campaign version.
 *
 * <p>The full path parses each recipient's HTML with jsoup. Most recipients of a campaign share the
 * same HTML apart from their values, so that work is done once per distinct shape
 * ({@link CompiledHtml}) and a message is assembled from the compiled parts; values that could
 * change the document (say, several spaces in a row) and unusual templates take the full path.
 */
public final class MessageRenderer {
    static final String NO_TRACK = "data-herald-notrack";
    /** Shapes kept per campaign; templates with {{#if}} blocks have a few, a value in a raw {{{...}}} one per recipient. */
    private static final int MAX_SHAPES = 32;

    /** One shape, compiled without the unsubscribe footer and, when a message needs it, with. */
    private static final class Shape {
        final Optional<CompiledHtml> plain;
        volatile Optional<CompiledHtml> footer;

        Shape(Optional<CompiledHtml> plain) {
            this.plain = plain;
        }
    }

    private record Cached(Instant version, Templates.Compiled templates, Map<String, Shape> shapes) {
    }

    private final TrackingUrls urls;
    private final CampaignLinks links;
    private final String unsubscribePrefix;
    private final Templates templates = new Templates();
    private final Map<Long, Cached> compiled = new ConcurrentHashMap<>();
    private final boolean useShapes;
    private final boolean unknownConsentTracked;
    private final LongAdder fromShapes = new LongAdder();

    public MessageRenderer(Jdbi jdbi, TrackingUrls urls) {
        this(jdbi, urls, true, true);
    }

    /** {@code unknownConsentTracked}: whether a recipient whose tracking consent is unknown is tracked (tracking.consent_default). */
    public MessageRenderer(Jdbi jdbi, TrackingUrls urls, boolean unknownConsentTracked) {
        this(jdbi, urls, true, unknownConsentTracked);
    }

    /** {@code useShapes} false: always the full path (tests compare both paths). */
    MessageRenderer(Jdbi jdbi, TrackingUrls urls, boolean useShapes, boolean unknownConsentTracked) {
        this(new CampaignLinks(jdbi), urls, useShapes, unknownConsentTracked);
    }

    private MessageRenderer(CampaignLinks links, TrackingUrls urls, boolean useShapes, boolean unknownConsentTracked) {
        this.useShapes = useShapes;
        this.unknownConsentTracked = unknownConsentTracked;
        this.urls = urls;
        this.links = links;
        String someUnsubscribeUrl = urls.unsubscribe(1);
        this.unsubscribePrefix = someUnsubscribeUrl.substring(0, someUnsubscribeUrl.lastIndexOf('/') + 1);
    }

    /**
     * A renderer like this one that stores nothing: its tracked links are numbered in memory, so what
     * it renders cannot be clicked through. For rendering sample messages that are never sent
     * (delivery's warm-up); it has a cache of its own.
     */
    public MessageRenderer detached() {
        return new MessageRenderer(CampaignLinks.inMemory(), urls, useShapes, unknownConsentTracked);
    }

    /** Renders {@code campaign} for a {@code recipient} who consents to tracking; see {@link #render(Campaign, Recipient, long, boolean)}. */
    public RenderedMessage render(Campaign campaign, Recipient recipient, long messageId) {
        return render(campaign, recipient, messageId, true);
    }

    /**
     * Renders {@code campaign} for {@code recipient} as message {@code messageId}. {@code trackingConsent}
     * is the recipient's (empty: unknown, then the default this renderer was made with); without it
     * there is no pixel and no link rewriting, whatever the campaign tracks. Throws {@link RenderException}.
     */
    public RenderedMessage render(Campaign campaign, Recipient recipient, long messageId, Optional<Boolean> trackingConsent) {
        return render(campaign, recipient, messageId, trackingConsent.orElse(unknownConsentTracked));
    }

    private RenderedMessage render(Campaign campaign, Recipient recipient, long messageId, boolean trackingConsent) {
        boolean opens = trackingConsent && campaign.tracking().opens();
        boolean clicks = trackingConsent && campaign.tracking().clicks();
        Cached cached = cachedOf(campaign);
        Templates.Compiled t = cached.templates();
        String unsubscribeUrl = urls.unsubscribe(messageId);
        Context context = Context.newContext(recipient.templateContext(unsubscribeUrl));
        try {
            String subject = oneLine(apply(t.subject(), context));
            Optional<String> text = t.text().map(template -> withUnsubscribeLine(apply(template, context), unsubscribeUrl));
            // compiled shapes carry the pixel and tracked links; an untracked message is parsed on its own
            Optional<MarkedHtml> marked = useShapes && opens && clicks ? MarkedHtml.parse(apply(t.markedHtml(), context)) : Optional.empty();
            if (marked.isPresent()) {
                Optional<RenderedMessage> fast = fromShape(cached, campaign, marked.get(), subject, text, unsubscribeUrl, messageId);
                if (fast.isPresent()) {
                    fromShapes.increment();
                    return fast.get();
                }
            }
            return fullRender(campaign, apply(t.html(), context), subject, text, unsubscribeUrl, messageId, opens, clicks);
        } finally {
            context.destroy();
        }
    }

    /** How many messages were assembled from a compiled shape rather than parsed. */
    long renderedFromShapes() {
        return fromShapes.sum();
    }

    private Optional<RenderedMessage> fromShape(Cached cached, Campaign campaign, MarkedHtml marked, String subject,
                                                Optional<String> text, String unsubscribeUrl, long messageId) {
        String key = marked.shapeKey();
        Shape shape = cached.shapes().get(key);
        if (shape == null) {
            if (cached.shapes().size() >= MAX_SHAPES) {
                return Optional.empty();
            }
            shape = cached.shapes().computeIfAbsent(key, k -> new Shape(CompiledHtml.compile(marked.statics(), false, pipeline(campaign))));
        }
        if (shape.plain.isEmpty()) {
            return Optional.empty();
        }
        CompiledHtml.Message message = message(campaign.id(), marked.values(), unsubscribeUrl, messageId);
        Optional<CompiledHtml> variant = shape.plain;
        if (!variant.get().linksToUnsubscribe(message)) {
            if (shape.footer == null) {
                shape.footer = CompiledHtml.compile(marked.statics(), true, pipeline(campaign));
            }
            variant = shape.footer;
        }
        return variant.map(html -> new RenderedMessage(subject, html.html(message), text.orElseGet(() -> html.text(message)),
                unsubscribeUrl));
    }

    private CompiledHtml.Message message(long campaignId, List<String> values, String unsubscribeUrl, long messageId) {
        return new CompiledHtml.Message() {
            @Override
            public String value(int slot) {
                return values.get(slot);
            }

            @Override
            public String unsubscribeUrl() {
                return unsubscribeUrl;
            }

            @Override
            public String click(int linkIdx) {
                return urls.click(messageId, linkIdx);
            }

            @Override
            public String click(String url) {
                return urls.click(messageId, links.idx(campaignId, url));
            }

            @Override
            public String openPixel() {
                return urls.openPixel(messageId);
            }
        };
    }

    private CompiledHtml.Pipeline pipeline(Campaign campaign) {
        return new CompiledHtml.Pipeline() {
            @Override
            public void appendUnsubscribeFooter(Document doc, String unsubscribeUrl) {
                MessageRenderer.appendUnsubscribeFooter(doc, unsubscribeUrl);
            }

            @Override
            public void appendPixel(Document doc, String src) {
                MessageRenderer.appendPixel(doc, src);
            }

            @Override
            public int linkIdx(String url) {
                return links.idx(campaign.id(), url);
            }

            @Override
            public String unsubscribePrefix() {
                return unsubscribePrefix;
            }
        };
    }

    /** Parses the recipient's own HTML: for shapes that cannot be compiled, and values that could change the document. */
    private RenderedMessage fullRender(Campaign campaign, String html, String subject, Optional<String> text,
                                       String unsubscribeUrl, long messageId, boolean opens, boolean clicks) {
        Document doc = Jsoup.parse(html);
        doc.outputSettings().prettyPrint(false);
        ensureUnsubscribeLink(doc, unsubscribeUrl);
        String plain = text.orElseGet(() -> HtmlText.of(doc.body()));
        if (clicks) {
            trackLinks(doc, campaign.id(), messageId, unsubscribeUrl);
        } else {
            doc.select("[" + NO_TRACK + "]").removeAttr(NO_TRACK);
        }
        if (opens) {
            appendPixel(doc, urls.openPixel(messageId));
        }
        return new RenderedMessage(subject, doc.outerHtml(), plain, unsubscribeUrl);
    }

    private Cached cachedOf(Campaign campaign) {
        Cached cached = compiled.get(campaign.id());
        if (cached == null || !cached.version().equals(campaign.updatedAt())) {
            try {
                cached = new Cached(campaign.updatedAt(), templates.compile(campaign.subject(), campaign.html(), campaign.text()),
                        new ConcurrentHashMap<>());
            } catch (HeraldException e) {
                throw new RenderException("campaign " + campaign.id() + " has a template error: " + e.getMessage(), e);
            }
            if (compiled.size() > 64) { // each holds up to MAX_SHAPES compiled shapes of a few kilobytes
                compiled.clear();
            }
            compiled.put(campaign.id(), cached);
        }
        return cached;
    }

    private static String apply(Template template, Context context) {
        try {
            return template.apply(context);
        } catch (IOException | HandlebarsException e) {
            throw new RenderException("cannot render template: " + e.getMessage(), e);
        }
    }

    /** A subject is one line: each run of line breaks and tabs becomes a space. */
    private static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inBreak = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean isBreak = c == '\r' || c == '\n' || c == '\t';
            if (!isBreak) {
                out.append(c);
            } else if (!inBreak) {
                out.append(' ');
            }
            inBreak = isBreak;
        }
        return out.toString().strip();
    }

    private static void ensureUnsubscribeLink(Document doc, String unsubscribeUrl) {
        for (Element a : doc.getElementsByTag("a")) {
            if (a.hasAttr("href") && a.attr("href").strip().equals(unsubscribeUrl)) {
                return;
            }
        }
        appendUnsubscribeFooter(doc, unsubscribeUrl);
    }

    private static void appendUnsubscribeFooter(Document doc, String unsubscribeUrl) {
        Element p = doc.body().appendElement("p").attr("style", "font-size:12px;color:#666666;text-align:center");
        p.appendElement("a").attr("href", unsubscribeUrl).attr("style", "color:#666666").text("Unsubscribe");
    }

    private static void appendPixel(Document doc, String src) {
        doc.body().appendElement("img").attr("src", src).attr("width", "1").attr("height", "1")
                .attr("alt", "").attr("style", "display:block;border:0;width:1px;height:1px");
    }

    private static String withUnsubscribeLine(String text, String unsubscribeUrl) {
        return text.contains(unsubscribeUrl) ? text : text.stripTrailing() + "\n\n--\nUnsubscribe: " + unsubscribeUrl + "\n";
    }

    private void trackLinks(Document doc, long campaignId, long messageId, String unsubscribeUrl) {
        for (Element a : doc.getElementsByTag("a")) {
            if (!a.hasAttr("href") || a.hasAttr(NO_TRACK)) {
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
        return CompiledHtml.isHttp(href);
    }
}
