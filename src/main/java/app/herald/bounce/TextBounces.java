package app.herald.bounce;

import app.herald.bounce.RecipientStatus.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounces that are not RFC 3464 DSNs but plain text in a known layout: qmail, Exim, Microsoft
 * Exchange NDRs, the "Delivery Status Notification" text of Google and others, and, as a last
 * resort for mail that says it is a bounce, the first line with an SMTP code and an address. Each
 * layout yields the recipient and the server's own words, from which the status code is taken.
 */
final class TextBounces {
    private static final String ADDRESS = "[^\\s<>()'\",;:\\[\\]]+@[^\\s<>()'\",;:\\[\\]]+[a-zA-Z0-9]";
    private static final Pattern ANY_ADDRESS = Pattern.compile(ADDRESS);
    private static final Pattern REPLY_LINE = Pattern.compile("(?m)^.*?(?<!\\d)[45]\\d\\d[ -].*$");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)undeliver|delivery (status notification|failure|failed|has failed|problem)|returned mail|failure notice"
                    + "|mail delivery (failed|failure|system|subsystem)|non-?delivery|could not be delivered");

    /** A recognised layout: its name and what it says per recipient. */
    record Found(String format, List<RecipientStatus> recipients) {
    }

    private TextBounces() {
    }

    static Optional<Found> recognise(String subject, String text) {
        String t = text.replace("\r\n", "\n");
        for (Optional<Found> f : List.of(qmail(t), exim(t), exchange(t), statusNotification(t))) {
            if (f.isPresent() && !f.get().recipients().isEmpty()) {
                return f;
            }
        }
        return BOUNCE_SUBJECT.matcher(subject).find() ? generic(t) : Optional.empty();
    }

    /** "Hi. This is the qmail-send program at ...": {@code <address>:} lines, the reason below each. */
    private static Optional<Found> qmail(String text) {
        int start = text.indexOf("This is the qmail-send program");
        if (start < 0) {
            return Optional.empty();
        }
        String body = before(text.substring(start), "--- Below this line is a copy of the message", "--- Enclosed are the original headers");
        Action action = body.contains("permanent error") || body.contains("I've given up") ? Action.FAILED : Action.DELAYED;
        List<RecipientStatus> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^<(" + ADDRESS + ")>:[ \\t]*$").matcher(body);
        while (m.find()) {
            String detail = paragraph(body, m.end());
            found.add(status(m.group(1), action, detail, find(detail, "(?:Connected to|Remote host) ([\\w.-]+\\.[a-z]{2,}|[\\d.]+)")));
        }
        return Optional.of(new Found("qmail", found));
    }

    /** "This message was created automatically by mail delivery software.": indented addresses, details below. */
    private static Optional<Found> exim(String text) {
        int start = text.indexOf("This message was created automatically by mail delivery software");
        if (start < 0) {
            return Optional.empty();
        }
        String body = before(text.substring(start), "------ This is a copy of the message");
        Action action = body.contains("has not yet been delivered") ? Action.DELAYED : Action.FAILED;
        int list = firstIndex(body, "address(es) failed:", "address failed:", "delivery is being attempted are:",
                "has not yet been delivered is:", "not yet been delivered are:");
        if (list < 0) {
            return Optional.of(new Found("exim", List.of()));
        }
        List<RecipientStatus> found = new ArrayList<>();
        String[] lines = body.substring(list).split("\n");
        for (int i = 1; i < lines.length; i++) {
            Matcher address = Pattern.compile("^ {1,3}(" + ADDRESS + "):?\\s*$").matcher(lines[i]);
            if (!address.find()) {
                continue;
            }
            StringBuilder detail = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && lines[j].startsWith("    "); j++) {
                detail.append(lines[j].strip()).append('\n');
            }
            String details = detail.toString();
            Matcher reply = REPLY_LINE.matcher(details);
            String diagnostic = reply.find() ? reply.group().strip() : details.strip().replace('\n', ' ');
            found.add(status(address.group(1), action, diagnostic, find(details, "host ([\\w.-]+) \\[")));
            i = j - 1;
        }
        return Optional.of(new Found("exim", found));
    }

    /** Microsoft Exchange NDRs: 2010 and later ("Delivery has failed to these recipients"), and 2003/2007. */
    private static Optional<Found> exchange(String text) {
        boolean modern = text.contains("Delivery has failed to these recipients") || text.contains("Delivery is delayed to these recipients");
        boolean old = text.contains("did not reach some or all of the intended recipients")
                || text.contains("The following recipient(s) cannot be reached");
        if (!modern && !old) {
            return Optional.empty();
        }
        Action action = text.contains("Delivery is delayed") ? Action.DELAYED : Action.FAILED;
        String body = before(text, "Original message headers:");
        List<RecipientStatus> found = new ArrayList<>();
        // "nobody@example.com" then "Remote Server returned '550 5.1.1 ...'" or "#550 5.1.1 ... ##"
        Matcher diag = Pattern.compile("(?m)^\\s*(" + ADDRESS + ")[^\\n]*\\n\\s*(?:Remote Server returned '([^'\\n]*)'|#([245]\\d\\d[^\\n#]*))")
                .matcher(body);
        while (diag.find()) {
            found.add(status(diag.group(1), action, Optional.ofNullable(diag.group(2)).orElse(diag.group(3)).strip(), Optional.empty()));
        }
        // 2003/2007: "'nobody@example.com' on <date>" then indented text ending in "<host #5.1.1>"
        Matcher legacy = Pattern.compile("(?m)^\\s*'(" + ADDRESS + ")' on .*$").matcher(body);
        while (found.isEmpty() && legacy.find()) {
            String detail = paragraph(body, legacy.end());
            found.add(status(legacy.group(1), action, detail, find(detail, "<([\\w.-]+) #")));
        }
        if (found.isEmpty()) {
            int list = firstIndex(body, "these recipients or groups:");
            Matcher first = ANY_ADDRESS.matcher(list < 0 ? "" : body.substring(list));
            if (first.find()) {
                String rest = body.substring(list);
                found.add(status(first.group(), action, paragraph(rest, first.end()), Optional.empty()));
            }
        }
        return Optional.of(new Found("exchange", found));
    }

    /** "Delivery to the following recipient failed permanently:" (Google and others). */
    private static Optional<Found> statusNotification(String text) {
        Matcher head = Pattern.compile("Delivery to the following recipients? (failed permanently|has been delayed|failed temporarily"
                + "|was unsuccessful)[^:\\n]*:").matcher(text);
        if (!head.find()) {
            return Optional.empty();
        }
        Action action = head.group(1).equals("has been delayed") ? Action.DELAYED : Action.FAILED;
        String after = text.substring(head.end());
        Matcher error = Pattern.compile("The (?:error that the other server returned was|response from the remote server was):\\s*\\n")
                .matcher(after);
        Optional<String> diagnostic = error.find() ? Optional.of(paragraph(after, error.end())) : Optional.empty();
        String recipientsPart = paragraph(after, 0);
        List<RecipientStatus> found = new ArrayList<>();
        Matcher address = ANY_ADDRESS.matcher(recipientsPart);
        while (address.find()) {
            found.add(status(address.group(), action, diagnostic.orElse(""), find(after, "by ([\\w.-]+\\.[a-z]{2,})\\.? \\[")));
        }
        return Optional.of(new Found("gmail", found));
    }

    /** The first line with a 4xx/5xx reply code that names an address: that address failed, for that reason. */
    private static Optional<Found> generic(String text) {
        Matcher line = REPLY_LINE.matcher(before(text, "\nReceived: "));
        while (line.find()) {
            Matcher address = ANY_ADDRESS.matcher(line.group());
            if (address.find()) {
                String l = line.group().strip();
                Action action = l.matches("^.*?(?<!\\d)4\\d\\d[ -].*") ? Action.DELAYED : Action.FAILED;
                return Optional.of(new Found("generic", List.of(status(address.group(), action, l, Optional.empty()))));
            }
        }
        return Optional.empty();
    }

    private static RecipientStatus status(String recipient, Action action, String diagnostic, Optional<String> remoteMta) {
        String d = diagnostic.strip().replaceAll("\\s+", " ");
        return new RecipientStatus(recipient, action, BounceClassifier.enhancedCode(d), Optional.of(d).filter(s -> !s.isEmpty()),
                remoteMta);
    }

    /** The non-empty lines from {@code from} to the next empty line, joined by spaces. */
    private static String paragraph(String text, int from) {
        String rest = text.substring(Math.min(from, text.length())).replaceFirst("^[ \\t]*\\n+", "");
        int end = rest.indexOf("\n\n");
        return (end < 0 ? rest : rest.substring(0, end)).strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String before(String text, String... markers) {
        int cut = text.length();
        for (String m : markers) {
            int i = text.indexOf(m);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return text.substring(0, cut);
    }

    private static int firstIndex(String text, String... markers) {
        for (String m : markers) {
            int i = text.indexOf(m);
            if (i >= 0) {
                return i + m.length();
            }
        }
        return -1;
    }

    private static Optional<String> find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
