package app.herald.bounce;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that turn an SMTP reply or a DSN status into what Herald does about the address. One
 * place for asynchronous bounces (the Status and Diagnostic-Code of a DSN, the code a text bounce
 * quotes) and for a relay's refusal at send time (the reply to RCPT or DATA), so both agree.
 *
 * <p>The enhanced status code of RFC 3463 ({@code class.subject.detail}) decides when there is one,
 * because the basic reply code alone is too coarse: 550 is used for "no such user" and for "you
 * are on a blocklist" alike. The rules, in order:
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>code</th><th>outcome</th><th>why</th></tr>
 *   <tr><td>2.x.x</td><td>unknown</td><td>success, not a failure</td></tr>
 *   <tr><td>4.x.x</td><td>soft</td><td>temporary by definition; the same address may work tomorrow</td></tr>
 *   <tr><td>5.1.1, 5.1.2, 5.1.10</td><td>hard</td><td>no such mailbox, no such domain, domain accepts no mail (null MX)</td></tr>
 *   <tr><td>5.2.2</td><td>soft</td><td>mailbox full: the address exists and works again once its owner makes room</td></tr>
 *   <tr><td>5.7.x</td><td>policy</td><td>security or policy refused us (reputation, content, SPF/DKIM/DMARC), not the
 *       address; suppressing would lose a good recipient over a problem on our side</td></tr>
 *   <tr><td>other 5.x.x</td><td>hard</td><td>a permanent failure nobody can fix from here; mailing again only hurts reputation</td></tr>
 * </table>
 * Without an enhanced code the basic reply code is used the same way: 4xx soft, 552 (exceeded
 * storage allocation, RFC 5321) soft, other 5xx hard. Text without any code is unknown: a bounce
 * that says nothing checkable must not take an address out of the audience.
 */
public final class BounceClassifier {
    // not part of a longer dotted number such as an IP address; callers pass the reply or status
    // line, not whole bounce texts, where a version number ("Exim 4.96.1") would look the same
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)");
    // a reply starts with its code, perhaps after a DSN type ("smtp; 550 ...") or a '#'
    private static final Pattern BASIC = Pattern.compile("^\\s*(?:[a-z0-9-]+\\s*;\\s*)?#?([245])(\\d\\d)(?![\\d.])",
            Pattern.CASE_INSENSITIVE);

    private BounceClassifier() {
    }

    /**
     * Classifies an SMTP reply ({@code 550 5.1.1 <ana@example.com>: user unknown}), a DSN Status
     * ({@code 5.2.2}) or Diagnostic-Code ({@code smtp; 554 5.7.1 ...}), or a line of a text bounce.
     */
    public static Classification classify(String smtpReplyOrStatus) {
        String text = smtpReplyOrStatus == null ? "" : smtpReplyOrStatus;
        Optional<String> enhanced = enhancedCode(text);
        if (enhanced.isPresent()) {
            return byEnhancedCode(enhanced.get());
        }
        Matcher basic = BASIC.matcher(text);
        if (basic.find()) {
            return byBasicCode(basic.group(1) + basic.group(2));
        }
        return new Classification.Unknown(Optional.empty(), "no SMTP status code in the report");
    }

    /** The first enhanced status code ({@code 5.1.1}) in the text. */
    static Optional<String> enhancedCode(String text) {
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? Optional.of(m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)))
                : Optional.empty();
    }

    private static Classification byEnhancedCode(String code) {
        String[] parts = code.split("\\.");
        int subject = Integer.parseInt(parts[1]);
        int detail = Integer.parseInt(parts[2]);
        Optional<String> c = Optional.of(code);
        return switch (parts[0]) {
            case "2" -> new Classification.Unknown(c, "a success code, not a failure");
            case "4" -> new Classification.Soft(c, "temporary failure");
            default -> {
                if (subject == 1 && (detail == 1 || detail == 2 || detail == 10)) {
                    yield new Classification.Hard(c, switch (detail) {
                        case 1 -> "no such mailbox";
                        case 2 -> "no such domain";
                        default -> "the domain accepts no mail (null MX)";
                    });
                }
                if (subject == 2 && detail == 2) {
                    yield new Classification.Soft(c, "mailbox full");
                }
                if (subject == 7) {
                    yield new Classification.Policy(c, "refused by the receiver's security or policy, not for the address");
                }
                yield new Classification.Hard(c, "permanent failure");
            }
        };
    }

    private static Classification byBasicCode(String code) {
        Optional<String> c = Optional.of(code);
        return switch (code.charAt(0)) {
            case '2' -> new Classification.Unknown(c, "a success reply, not a failure");
            case '4' -> new Classification.Soft(c, "temporary failure");
            default -> code.equals("552") ? new Classification.Soft(c, "mailbox over its storage allocation")
                    : new Classification.Hard(c, "permanent failure");
        };
    }
}
