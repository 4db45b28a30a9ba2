package app.herald.campaign;

import app.herald.InvalidInputException;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsError;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.HelperRegistry;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.helper.DefaultHelperRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a campaign's Handlebars templates. HTML values are HTML-escaped; subject and text are
 * plain text and are not. Errors are reported when the campaign is saved, with the part, line and
 * column, so that nothing can fail at send time: helpers outside a small safe set (no {@code log},
 * which would write contact data to the log; no partials, {@code i18n} or {@code embedded}, which
 * read files) are unknown, and unknown helpers fail at compile time.
 */
final class Templates {
    /** The parts of a campaign that are templates, as named in error messages. */
    enum Part { SUBJECT, HTML, TEXT }

    /** {@code markedHtml} is the HTML template with values marked instead of escaped (see {@link MarkedHtml}). */
    record Compiled(Template subject, Template html, Template markedHtml, Optional<Template> text) {
    }

    private static final Set<String> ALLOWED_HELPERS = Set.of(
            "if", "unless", "each", "with", "lookup", "default", HelperRegistry.HELPER_MISSING);
    private static final Pattern PARTIAL = Pattern.compile("\\{\\{~?\\s*#?>");

    private final Handlebars html = handlebars().with(EscapingStrategy.HTML_ENTITY);
    private final Handlebars plain = handlebars().with(EscapingStrategy.NOOP);
    private final Handlebars marking = handlebars().with(MarkedHtml.MARKING);

    Compiled compile(String subject, String htmlSource, Optional<String> text) {
        Template s = compile(plain, Part.SUBJECT, subject);
        Template h = compile(html, Part.HTML, htmlSource);
        Optional<Template> t = text.map(source -> compile(plain, Part.TEXT, source));
        Map<String, Object> sample = Map.of("email", "someone@example.com", "unsubscribe_url", "https://example.com/u");
        tryRender(Part.SUBJECT, subject, s, sample);
        tryRender(Part.HTML, htmlSource, h, sample);
        t.ifPresent(template -> tryRender(Part.TEXT, text.get(), template, sample));
        return new Compiled(s, h, compile(marking, Part.HTML, htmlSource), t);
    }

    private static Template compile(Handlebars handlebars, Part part, String source) {
        Matcher partial = PARTIAL.matcher(source);
        if (partial.find()) {
            int line = lineOf(source, partial.start());
            throw new InvalidInputException(where(part, line) + ": partials ({{> name}}) are not supported; "
                    + "put the content into the template itself" + near(source, line));
        }
        try {
            return handlebars.compileInline(source);
        } catch (HandlebarsException e) {
            throw invalid(part, source, e);
        } catch (IOException e) {
            throw new InvalidInputException(part.name().toLowerCase() + " template cannot be read: " + e.getMessage());
        }
    }

    /** Some problems (a bad partial, a helper misused) only show when rendering; find them now, not at send time. */
    private static void tryRender(Part part, String source, Template template, Map<String, Object> sample) {
        try {
            template.apply(sample);
        } catch (HandlebarsException e) {
            throw invalid(part, source, e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(part.name().toLowerCase() + " template cannot be rendered: " + e.getMessage());
        }
    }

    private static InvalidInputException invalid(Part part, String source, HandlebarsException e) {
        HandlebarsError error = e.getError();
        if (error == null) {
            return new InvalidInputException(part.name().toLowerCase() + " template has an error: " + e.getMessage());
        }
        String reason = error.reason == null ? e.getMessage() : error.reason.replace("'EOF'", "the end of the template");
        if (reason.contains("expected: '{{/'")) {
            reason += " (a block such as {{#if}} or {{#each}} is not closed with {{/if}} or {{/each}})";
        }
        return new InvalidInputException(where(part, error.line) + ", column " + error.column + ": " + reason
                + near(source, error.line));
    }

    private static String where(Part part, int line) {
        return part.name().toLowerCase() + " template error at line " + line;
    }

    private static String near(String source, int line) {
        String[] lines = source.split("\n", -1);
        if (line < 1 || line > lines.length || lines[line - 1].isBlank()) {
            return "";
        }
        String text = lines[line - 1].strip();
        return " (in: " + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + ")";
    }

    private static int lineOf(String source, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Handlebars handlebars() {
        HelperRegistry helpers = new SafeHelpers();
        helpers.registerHelper("default", DEFAULT);
        return new Handlebars().with(helpers);
    }

    /** {@code {{default first_name "there"}}}: the value, or the fallback when it is missing or empty. */
    private static final Helper<Object> DEFAULT = (value, options) -> {
        if (value == null || value.toString().isBlank()) {
            return options.param(0, "");
        }
        return value;
    };

    /** The built-in registry, restricted to helpers that neither read files nor log. */
    private static final class SafeHelpers extends DefaultHelperRegistry {
        @Override
        public <C> Helper<C> helper(String name) {
            return ALLOWED_HELPERS.contains(name) ? super.helper(name) : null;
        }
    }
}
