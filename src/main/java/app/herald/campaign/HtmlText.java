package app.herald.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The text/plain part generated from a campaign's HTML, readable in a text-only client:
 * paragraphs separated by blank lines, line breaks kept, links written as "text (url)", list
 * items as "- item".
 *
 * <p>Walking the document and writing the text are separate steps: the walk can be recorded once
 * per campaign (see {@link CompiledHtml}) and replayed per recipient with that recipient's values
 * put into the recorded strings, which gives the same text as walking the recipient's own document.
 */
final class HtmlText {
    private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title", "template", "noscript");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "table", "blockquote", "pre", "hr", "dl");
    private static final Set<String> LINES = Set.of("div", "tr", "li", "section", "article", "header", "footer",
            "center", "dt", "dd", "address", "figure", "main", "nav", "aside", "form", "tbody", "thead", "tfoot");

    /** What the walk asks the writer to do. */
    private interface Ops {
        void text(String s, boolean pre);

        void lineBreak();

        void breaks(int n);

        void listItem(int depth);

        void cellSpace();

        void link(String href, String label, boolean pre);
    }

    private HtmlText() {
    }

    static String of(Element root) {
        Writer w = new Writer();
        new Walk(w).walk(root);
        return w.result();
    }

    /** The walk of {@code root} as a list of writer operations, to be replayed with values substituted. */
    static Recording record(Element root) {
        Recording r = new Recording();
        new Walk(r).walk(root);
        return r;
    }

    /** A recorded walk. Replaying it with the identity gives exactly {@link #of}. */
    static final class Recording implements Ops {
        private record Op(int code, String a, String b, int n, boolean pre) {
        }

        private final List<Op> ops = new ArrayList<>();

        String replay(UnaryOperator<String> values) {
            Writer w = new Writer();
            for (Op op : ops) {
                switch (op.code()) {
                    case 0 -> w.text(values.apply(op.a()), op.pre());
                    case 1 -> w.lineBreak();
                    case 2 -> w.breaks(op.n());
                    case 3 -> w.listItem(op.n());
                    case 4 -> w.cellSpace();
                    default -> w.link(values.apply(op.a()), values.apply(op.b()), op.pre());
                }
            }
            return w.result();
        }

        @Override
        public void text(String s, boolean pre) {
            ops.add(new Op(0, s, null, 0, pre));
        }

        @Override
        public void lineBreak() {
            ops.add(new Op(1, null, null, 0, false));
        }

        @Override
        public void breaks(int n) {
            ops.add(new Op(2, null, null, n, false));
        }

        @Override
        public void listItem(int depth) {
            ops.add(new Op(3, null, null, depth, false));
        }

        @Override
        public void cellSpace() {
            ops.add(new Op(4, null, null, 0, false));
        }

        @Override
        public void link(String href, String label, boolean pre) {
            ops.add(new Op(5, href, label, 0, pre));
        }
    }

    /** Walks the document; everything that depends only on its structure is decided here. */
    private static final class Walk {
        private final Ops out;
        private int listDepth;
        private int preDepth;

        Walk(Ops out) {
            this.out = out;
        }

        void walk(Node node) {
            if (node instanceof TextNode t) {
                out.text(preDepth > 0 ? t.getWholeText() : collapse(t.getWholeText()), preDepth > 0);
                return;
            }
            if (!(node instanceof Element e)) {
                return;
            }
            String tag = e.normalName();
            if (SKIPPED.contains(tag)) {
                return;
            }
            open(tag);
            for (Node child : e.childNodes()) {
                walk(child);
            }
            close(e, tag);
        }

        private void open(String tag) {
            switch (tag) {
                case "br" -> out.lineBreak();
                case "li" -> out.listItem(listDepth);
                case "ul", "ol" -> {
                    out.breaks(listDepth > 0 ? 1 : 2);
                    listDepth++;
                }
                case "td", "th" -> out.cellSpace();
                case "hr" -> {
                    out.breaks(2);
                    out.text("----", preDepth > 0);
                }
                case "pre" -> {
                    out.breaks(2);
                    preDepth++;
                }
                default -> blockBreaks(tag);
            }
        }

        private void close(Element e, String tag) {
            switch (tag) {
                case "a" -> out.link(e.attr("href"), e.text(), preDepth > 0);
                case "ul", "ol" -> {
                    listDepth--;
                    out.breaks(listDepth > 0 ? 1 : 2);
                }
                case "pre" -> {
                    preDepth--;
                    out.breaks(2);
                }
                default -> blockBreaks(tag);
            }
        }

        private void blockBreaks(String tag) {
            if (PARAGRAPHS.contains(tag)) {
                out.breaks(2);
            } else if (LINES.contains(tag)) {
                out.breaks(1);
            }
        }

        /** Runs of whitespace (and no-break spaces) become one space, as a browser shows them. */
        private static String collapse(String s) {
            StringBuilder b = null;
            boolean inSpace = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r' || c == '\u00a0';
                if (space && (inSpace || c != ' ') && b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                if (b != null) {
                    if (!space) {
                        b.append(c);
                    } else if (!inSpace) {
                        b.append(' ');
                    }
                }
                inSpace = space;
            }
            return b == null ? s : b.toString();
        }
    }

    /** Writes the text: blank lines between paragraphs, no trailing spaces, no leading spaces on a line. */
    private static final class Writer implements Ops {
        private final StringBuilder out = new StringBuilder();
        private int pendingBreaks;

        String result() {
            int end = out.length();
            while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            int start = 0;
            while (start < end && Character.isWhitespace(out.charAt(start))) {
                start++;
            }
            // at most two line breaks in a row: copied in runs, a third break and more are left out
            StringBuilder r = new StringBuilder(end - start + 1);
            int newlines = 0;
            int run = start;
            for (int i = start; i < end; i++) {
                if (out.charAt(i) != '\n') {
                    newlines = 0;
                } else if (++newlines > 2) {
                    r.append(out, run, i);
                    run = i + 1;
                }
            }
            return r.append(out, run, end).append('\n').toString();
        }

        @Override
        public void text(String s, boolean pre) {
            if (s.isEmpty()) {
                return;
            }
            if (pendingBreaks > 0 || atLineStart()) {
                s = pre ? s : s.stripLeading();
                if (s.isEmpty()) {
                    return;
                }
                flushBreaks();
            } else if (s.startsWith(" ") && out.charAt(out.length() - 1) == ' ') {
                s = s.substring(1);
            }
            out.append(s);
        }

        @Override
        public void lineBreak() {
            if (pendingBreaks > 0) {
                pendingBreaks++;
                return;
            }
            stripTrailingSpaces();
            out.append('\n');
        }

        @Override
        public void breaks(int n) {
            if (out.length() > 0) {
                pendingBreaks = Math.max(pendingBreaks, n);
            }
        }

        @Override
        public void listItem(int depth) {
            breaks(1);
            flushBreaks();
            out.append("  ".repeat(Math.max(0, depth - 1))).append("- ");
        }

        @Override
        public void cellSpace() {
            if (out.length() > 0 && pendingBreaks == 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                out.append(' ');
            }
        }

        @Override
        public void link(String rawHref, String text, boolean pre) {
            String href = rawHref.strip();
            String lower = href.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))) {
                return;
            }
            String label = text.strip();
            String shown = lower.startsWith("mailto:") ? href.substring("mailto:".length()) : href;
            if (label.isEmpty()) {
                text(href, pre);
            } else if (!label.equals(href) && !label.equals(shown)) {
                text(" (" + href + ")", pre);
            }
        }

        private void flushBreaks() {
            if (out.length() > 0 && pendingBreaks > 0) {
                stripTrailingSpaces();
                out.append("\n".repeat(pendingBreaks));
            }
            pendingBreaks = 0;
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
}
