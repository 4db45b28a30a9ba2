package app.herald.campaign;

import com.github.jknack.handlebars.EscapingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recipient's HTML as Handlebars rendered it, split into the template's own text (the "shape",
 * the same for most recipients) and the recipient's values in between. The HTML template is
 * compiled a second time with {@link #MARKING}, which wraps every escaped value in private-use
 * markers instead of escaping it, so the split needs no guessing.
 */
record MarkedHtml(List<String> statics, List<String> values) {
    static final char START = '\uE000';
    static final char END = '\uE001';

    /** Wraps each value that Handlebars would HTML-escape; the raw value goes between the markers. */
    static final EscapingStrategy MARKING = value -> START + value.toString() + END;

    /**
     * Splits marked output. Empty values become part of the shape (they change nothing but the
     * whitespace around them). Empty when a value is not "plain" (see {@link #plain}) or markers do
     * not pair up (a value or the template itself contains a private-use marker character): such a
     * message takes the full rendering path.
     */
    static Optional<MarkedHtml> parse(String marked) {
        List<String> statics = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder(marked.length());
        int i = 0;
        while (i < marked.length()) {
            int start = marked.indexOf(START, i);
            int strayEnd = marked.indexOf(END, i);
            if (strayEnd >= 0 && (start < 0 || strayEnd < start)) {
                return Optional.empty();
            }
            if (start < 0) {
                current.append(marked, i, marked.length());
                break;
            }
            int end = marked.indexOf(END, start + 1);
            int nested = marked.indexOf(START, start + 1);
            if (end < 0 || (nested >= 0 && nested < end)) {
                return Optional.empty();
            }
            current.append(marked, i, start);
            String value = marked.substring(start + 1, end);
            if (!value.isEmpty()) {
                if (!plain(value)) {
                    return Optional.empty();
                }
                statics.add(current.toString());
                current.setLength(0);
                values.add(value);
            }
            i = end + 1;
        }
        statics.add(current.toString());
        return Optional.of(new MarkedHtml(statics, values));
    }

    /** The key under which this shape's compiled form is cached: the statics, separated by the start marker. */
    String shapeKey() {
        return String.join(String.valueOf(START), statics);
    }

    /**
     * A value that cannot change the document's structure or the text around it once escaped: no
     * whitespace but single inner spaces, no control, private-use or lone surrogate characters.
     * Values like these are put into a compiled shape exactly where the full rendering would put them.
     */
    static boolean plain(String v) {
        if (v.isEmpty() || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ') {
                if (previous == ' ') {
                    return false;
                }
            } else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || (c >= '\uE000' && c <= '\uF8FF') || c == '\uFEFF') {
                return false;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == v.length() || !Character.isLowSurrogate(v.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
            previous = c;
        }
        return true;
    }
}
