package app.herald.campaign;

import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The text/plain part generated from a campaign's HTML, readable in a text-only client:
 * paragraphs separated by blank lines, line breaks kept, links written as "text (url)", list
 * items as "- item".
 */
final class HtmlText {
    private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title", "template", "noscript");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "table", "blockquote", "pre", "hr", "dl");
    private static final Set<String> LINES = Set.of("div", "tr", "li", "section", "article", "header", "footer",
            "center", "dt", "dd", "address", "figure", "main", "nav", "aside", "form", "tbody", "thead", "tfoot");

    private final StringBuilder out = new StringBuilder();
    private int pendingBreaks;
    private int listDepth;
    private int preDepth;

    private HtmlText() {
    }

    static String of(Element root) {
        HtmlText text = new HtmlText();
        text.walk(root);
        return text.out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private void walk(Node node) {
        if (node instanceof TextNode t) {
            text(preDepth > 0 ? t.getWholeText() : t.getWholeText().replace('\u00a0', ' ').replaceAll("\\s+", " "));
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        open(e, tag);
        for (Node child : e.childNodes()) {
            walk(child);
        }
        close(e, tag);
    }

    private void open(Element e, String tag) {
        switch (tag) {
            case "br" -> lineBreak();
            case "li" -> {
                breaks(1);
                flushBreaks();
                out.append("  ".repeat(Math.max(0, listDepth - 1))).append("- ");
            }
            case "ul", "ol" -> {
                breaks(listDepth > 0 ? 1 : 2);
                listDepth++;
            }
            case "td", "th" -> {
                if (out.length() > 0 && pendingBreaks == 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                    out.append(' ');
                }
            }
            case "hr" -> {
                breaks(2);
                text("----");
            }
            case "pre" -> {
                breaks(2);
                preDepth++;
            }
            default -> blockBreaks(tag);
        }
    }

    private void close(Element e, String tag) {
        switch (tag) {
            case "a" -> linkTarget(e);
            case "ul", "ol" -> {
                listDepth--;
                breaks(listDepth > 0 ? 1 : 2);
            }
            case "pre" -> {
                preDepth--;
                breaks(2);
            }
            default -> blockBreaks(tag);
        }
    }

    private void blockBreaks(String tag) {
        if (PARAGRAPHS.contains(tag)) {
            breaks(2);
        } else if (LINES.contains(tag)) {
            breaks(1);
        }
    }

    private void linkTarget(Element a) {
        String href = a.attr("href").strip();
        String lower = href.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))) {
            return;
        }
        String label = a.text().strip();
        String shown = lower.startsWith("mailto:") ? href.substring("mailto:".length()) : href;
        if (label.isEmpty()) {
            text(href);
        } else if (!label.equals(href) && !label.equals(shown)) {
            text(" (" + href + ")");
        }
    }

    private void text(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (pendingBreaks > 0 || atLineStart()) {
            s = preDepth > 0 ? s : s.stripLeading();
            if (s.isEmpty()) {
                return;
            }
            flushBreaks();
        } else if (s.startsWith(" ") && out.charAt(out.length() - 1) == ' ') {
            s = s.substring(1);
        }
        out.append(s);
    }

    private void flushBreaks() {
        if (out.length() > 0 && pendingBreaks > 0) {
            stripTrailingSpaces();
            out.append("\n".repeat(pendingBreaks));
        }
        pendingBreaks = 0;
    }

    private void lineBreak() {
        if (pendingBreaks > 0) {
            pendingBreaks++;
            return;
        }
        stripTrailingSpaces();
        out.append('\n');
    }

    private void breaks(int n) {
        if (out.length() > 0) {
            pendingBreaks = Math.max(pendingBreaks, n);
        }
    }

    private boolean atLineStart() {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private void stripTrailingSpaces() {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }
}
