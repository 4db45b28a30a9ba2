package app.herald.campaign;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether every value of a shape sits where its content cannot change how the HTML parses:
 * in ordinary text, or inside a quoted attribute value, and not right after an unfinished character
 * reference. A value anywhere else (a tag or attribute name, an unquoted attribute value, a
 * comment, script, style, title or textarea, foreign SVG/MathML content) makes the shape
 * "not compilable", and its messages take the full rendering path. Conservative by design: it may
 * refuse a shape that would have been fine, never the other way round.
 */
final class HtmlSlots {
    private static final Set<String> RAW = Set.of("script", "style", "textarea", "title", "xmp", "iframe", "noembed",
            "noframes", "noscript", "plaintext");
    private static final List<String> REFUSED = List.of("<svg", "<math", "<template", "<![cdata[");

    private enum State { DATA, TAG_OPEN, TAG_NAME, IN_TAG, VALUE_DQ, VALUE_SQ, VALUE_UNQ, COMMENT, BOGUS, RAW }

    private HtmlSlots() {
    }

    /** The statics of a shape; value i sits between statics i and i + 1. */
    static boolean safe(List<String> statics) {
        if (statics.size() == 1) {
            return true;
        }
        String joined = String.join("\uE000", statics).toLowerCase(Locale.ROOT);
        for (String refused : REFUSED) {
            if (joined.contains(refused)) {
                return false;
            }
        }
        State state = State.DATA;
        StringBuilder tagName = new StringBuilder();
        String rawEnd = null;
        int i = 0;
        while (i < joined.length()) {
            char c = joined.charAt(i);
            if (c == '\uE000') {
                boolean allowed = (state == State.DATA || state == State.VALUE_DQ || state == State.VALUE_SQ)
                        && !afterOpenReference(joined, i);
                if (!allowed) {
                    return false;
                }
                i++;
                continue;
            }
            switch (state) {
                case DATA -> {
                    if (c == '<') {
                        if (joined.startsWith("<!--", i)) {
                            state = State.COMMENT;
                            i += 3;
                        } else if (i + 1 < joined.length() && "!?/".indexOf(joined.charAt(i + 1)) >= 0) {
                            state = State.BOGUS;
                        } else {
                            state = State.TAG_OPEN;
                        }
                    }
                }
                case TAG_OPEN -> {
                    if (c >= 'a' && c <= 'z') {
                        tagName.setLength(0);
                        tagName.append(c);
                        state = State.TAG_NAME;
                    } else {
                        state = c == '<' ? State.TAG_OPEN : State.DATA;
                    }
                }
                case TAG_NAME -> {
                    if (c == '>') {
                        rawEnd = rawEnd(tagName);
                        state = rawEnd == null ? State.DATA : State.RAW;
                    } else if (Character.isWhitespace(c) || c == '/') {
                        state = State.IN_TAG;
                    } else {
                        tagName.append(c);
                    }
                }
                case IN_TAG -> {
                    if (c == '>') {
                        rawEnd = rawEnd(tagName);
                        state = rawEnd == null ? State.DATA : State.RAW;
                    } else if (c == '=') {
                        int v = i + 1;
                        while (v < joined.length() && Character.isWhitespace(joined.charAt(v))) {
                            v++;
                        }
                        char q = v < joined.length() ? joined.charAt(v) : 0;
                        state = q == '"' ? State.VALUE_DQ : q == '\'' ? State.VALUE_SQ : State.VALUE_UNQ;
                        i = q == '"' || q == '\'' ? v : v - 1;
                    }
                }
                case VALUE_DQ -> state = c == '"' ? State.IN_TAG : state;
                case VALUE_SQ -> state = c == '\'' ? State.IN_TAG : state;
                case VALUE_UNQ -> {
                    if (c == '>') {
                        rawEnd = rawEnd(tagName);
                        state = rawEnd == null ? State.DATA : State.RAW;
                    } else if (Character.isWhitespace(c)) {
                        state = State.IN_TAG;
                    }
                }
                case COMMENT -> {
                    if (joined.startsWith("-->", i)) {
                        state = State.DATA;
                        i += 2;
                    }
                }
                case BOGUS -> state = c == '>' ? State.DATA : state;
                case RAW -> {
                    if (joined.startsWith(rawEnd, i)) {
                        state = State.BOGUS;
                    }
                }
            }
            i++;
        }
        return true;
    }

    private static String rawEnd(StringBuilder tagName) {
        String name = tagName.toString();
        return RAW.contains(name) ? "</" + name : null;
    }

    /** "&amp" + value could become a different character reference than the template's author wrote. */
    private static boolean afterOpenReference(String s, int slot) {
        int j = slot - 1;
        while (j >= 0 && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '#')) {
            j--;
        }
        return j >= 0 && s.charAt(j) == '&';
    }
}
