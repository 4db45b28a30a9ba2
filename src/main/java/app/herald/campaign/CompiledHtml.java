package app.herald.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;

/**
 * One shape of a campaign's HTML (see {@link MarkedHtml}), parsed, tracked and serialised once,
 * with placeholders where each recipient's values, tokens and personalised links go. Rendering a
 * message is then string concatenation instead of parsing the HTML again. It gives exactly what
 * {@link MessageRenderer}'s full path gives; {@code CompiledHtmlTest} checks that on hostile values.
 *
 * <p>Placeholders are private-use characters around a number: values in text and in attributes are
 * escaped as jsoup escapes them; links whose URL contains a value are decided per message (tracked,
 * or the unsubscribe link); static links were numbered at compile time and only need their token.
 */
final class CompiledHtml {
    /** A value inside the parsed document: SLOT + index + SLOT_END, as in {@link MarkedHtml}. */
    private static final char SLOT = MarkedHtml.START;
    private static final char SLOT_END = MarkedHtml.END;
    /** Stands for the message's unsubscribe URL in the footer link that {@link MessageRenderer} appends. */
    static final String UNSUBSCRIBE = "\uE002";
    private static final char ATTR = '\uE003';
    private static final char ATTR_END = '\uE004';
    private static final char CLICK = '\uE005';
    private static final char CLICK_END = '\uE006';
    private static final char LINK = '\uE007';
    private static final char LINK_END = '\uE008';
    private static final char PIXEL = '\uE009';

    /** What a message's recipient-specific parts are made from. */
    interface Message {
        String value(int slot);

        String unsubscribeUrl();

        String click(int linkIdx);

        String click(String url);

        String openPixel();
    }

    private static final int TEXT_VALUE = 0;
    private static final int ATTR_VALUE = 1;
    private static final int STATIC_CLICK = 2;
    private static final int PERSONAL_LINK = 3;
    private static final int OPEN_PIXEL = 4;
    private static final int END = 5;

    private final String[] literals;
    private final int[] kinds;
    private final int[] args;
    private final List<String> personalLinks;
    private final List<String> personalHrefs;
    private final HtmlText.Recording text;
    private final int sizeHint;

    private CompiledHtml(String[] literals, int[] kinds, int[] args, List<String> personalLinks,
                         List<String> personalHrefs, HtmlText.Recording text) {
        this.literals = literals;
        this.kinds = kinds;
        this.args = args;
        this.personalLinks = personalLinks;
        this.personalHrefs = personalHrefs;
        this.text = text;
        // literals plus a tracked URL per placeholder, so the builder rarely grows
        this.sizeHint = java.util.Arrays.stream(literals).mapToInt(String::length).sum() + kinds.length * 96;
    }

    /** Steps of the full rendering path that compilation runs once, with placeholders. */
    interface Pipeline {
        void appendUnsubscribeFooter(Document doc, String unsubscribeUrl);

        void appendPixel(Document doc, String src);

        /** The number of a static tracked URL in the campaign. */
        int linkIdx(String url);

        String unsubscribePrefix();
    }

    /** Compiles one shape, with or without the unsubscribe footer; empty when the shape is not compilable. */
    static Optional<CompiledHtml> compile(List<String> statics, boolean footer, Pipeline pipeline) {
        StringBuilder source = new StringBuilder();
        for (int i = 0; i < statics.size(); i++) {
            if (containsPlaceholderChar(statics.get(i))) {
                return Optional.empty();
            }
            source.append(statics.get(i));
            if (i + 1 < statics.size()) {
                source.append(SLOT).append(i).append(SLOT_END);
            }
        }
        if (!HtmlSlots.safe(statics)) {
            return Optional.empty();
        }
        Document doc = Jsoup.parse(source.toString());
        doc.outputSettings().prettyPrint(false);
        if (footer) {
            pipeline.appendUnsubscribeFooter(doc, UNSUBSCRIBE);
        }
        List<String> personalHrefs = new ArrayList<>();
        for (Element a : doc.getElementsByTag("a")) {
            String href = a.attr("href");
            if (!a.hasAttr("href")) {
                continue;
            }
            if (containsPlaceholderChar(href)) {
                personalHrefs.add(href);
            } else if (href.strip().startsWith(pipeline.unsubscribePrefix())) {
                return Optional.empty(); // could be some message's own unsubscribe URL: decided per message by the full path
            }
        }
        HtmlText.Recording text = HtmlText.record(doc.body());
        List<String> personalLinks = new ArrayList<>();
        for (Element a : doc.getElementsByTag("a")) {
            if (!a.hasAttr("href") || a.hasAttr(MessageRenderer.NO_TRACK)) {
                continue;
            }
            String href = a.attr("href");
            if (containsPlaceholderChar(href)) {
                a.attr("href", LINK + Integer.toString(personalLinks.size()) + LINK_END);
                personalLinks.add(href);
            } else if (isHttp(href.strip())) {
                a.attr("href", CLICK + Integer.toString(pipeline.linkIdx(href.strip())) + CLICK_END);
            }
        }
        doc.select("[" + MessageRenderer.NO_TRACK + "]").removeAttr(MessageRenderer.NO_TRACK);
        pipeline.appendPixel(doc, String.valueOf(PIXEL));
        if (!tagAttributeValues(doc)) {
            return Optional.empty();
        }
        return split(doc.outerHtml(), personalLinks, personalHrefs, text);
    }

    /** Values in attributes get their own placeholder (they are escaped differently); values elsewhere must be text. */
    private static boolean tagAttributeValues(Document doc) {
        boolean[] ok = {true};
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof TextNode) {
                return;
            }
            if (!(node instanceof Element e)) {
                if (containsPlaceholderChar(node.outerHtml())) {
                    ok[0] = false; // a value in a comment, script or style
                }
                return;
            }
            if (containsPlaceholderChar(e.tagName())) {
                ok[0] = false;
            }
            for (Attribute attribute : e.attributes()) {
                String value = attribute.getValue();
                if (containsPlaceholderChar(attribute.getKey())) {
                    ok[0] = false;
                } else if (value.indexOf(SLOT) >= 0) {
                    if (Attribute.isBooleanAttribute(attribute.getKey())) {
                        ok[0] = false; // jsoup writes checked="checked" as just checked
                    }
                    attribute.setValue(value.replace(SLOT, ATTR).replace(SLOT_END, ATTR_END));
                }
            }
        }, doc);
        return ok[0];
    }

    private static Optional<CompiledHtml> split(String html, List<String> personalLinks, List<String> personalHrefs,
                                                HtmlText.Recording text) {
        List<String> literals = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        List<Integer> args = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            if (c < '\uE000' || c > '\uE00F') {
                continue;
            }
            int kind;
            char close;
            switch (c) {
                case SLOT -> { kind = TEXT_VALUE; close = SLOT_END; }
                case ATTR -> { kind = ATTR_VALUE; close = ATTR_END; }
                case CLICK -> { kind = STATIC_CLICK; close = CLICK_END; }
                case LINK -> { kind = PERSONAL_LINK; close = LINK_END; }
                case PIXEL -> { kind = OPEN_PIXEL; close = 0; }
                default -> {
                    return Optional.empty();
                }
            }
            literals.add(html.substring(from, i));
            kinds.add(kind);
            if (close == 0) {
                args.add(0);
                from = i + 1;
            } else {
                int end = html.indexOf(close, i + 1);
                args.add(Integer.parseInt(html.substring(i + 1, end)));
                from = end + 1;
                i = end;
            }
        }
        literals.add(html.substring(from));
        kinds.add(END);
        args.add(0);
        return Optional.of(new CompiledHtml(literals.toArray(String[]::new), kinds.stream().mapToInt(Integer::intValue).toArray(),
                args.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(personalLinks), List.copyOf(personalHrefs), text));
    }

    /** Whether this message's HTML already links to its unsubscribe URL (else the footer variant applies). */
    boolean linksToUnsubscribe(Message m) {
        for (String href : personalHrefs) {
            if (substitute(href, m).strip().equals(m.unsubscribeUrl())) {
                return true;
            }
        }
        return false;
    }

    String text(Message m) {
        return text.replay(t -> substitute(t, m));
    }

    String html(Message m) {
        StringBuilder out = new StringBuilder(sizeHint);
        for (int i = 0; i < kinds.length; i++) {
            out.append(literals[i]);
            switch (kinds[i]) {
                case TEXT_VALUE -> escapeText(out, m.value(args[i]));
                case ATTR_VALUE -> escapeAttribute(out, m.value(args[i]));
                case STATIC_CLICK -> escapeAttribute(out, m.click(args[i]));
                case PERSONAL_LINK -> {
                    String href = substitute(personalLinks.get(args[i]), m);
                    String stripped = href.strip();
                    boolean tracked = isHttp(stripped) && !stripped.equals(m.unsubscribeUrl());
                    escapeAttribute(out, tracked ? m.click(stripped) : href);
                }
                case OPEN_PIXEL -> escapeAttribute(out, m.openPixel());
                default -> {
                }
            }
        }
        return out.toString();
    }

    /** Puts a message's values (and unsubscribe URL) into a string recorded at compile time. */
    static String substitute(String template, Message m) {
        if (!containsPlaceholderChar(template)) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == SLOT) {
                int end = template.indexOf(SLOT_END, i + 1);
                out.append(m.value(Integer.parseInt(template, i + 1, end, 10)));
                i = end;
            } else if (c == UNSUBSCRIBE.charAt(0)) {
                out.append(m.unsubscribeUrl());
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether a link is tracked: http and https only (not mailto:, tel:, fragments). */
    static boolean isHttp(String href) {
        String lower = href.length() > 8 ? href.substring(0, 8).toLowerCase(Locale.ROOT) : href.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static boolean containsPlaceholderChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uE000' && c <= '\uE00F') {
                return true;
            }
        }
        return false;
    }

    /** As jsoup escapes text content (UTF-8 output, base entities). */
    private static void escapeText(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\u00a0' -> out.append("&nbsp;");
                default -> out.append(c);
            }
        }
    }

    /** As jsoup escapes attribute values. */
    private static void escapeAttribute(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\u00a0' -> out.append("&nbsp;");
                default -> out.append(c);
            }
        }
    }
}
