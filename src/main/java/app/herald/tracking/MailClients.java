package app.herald.tracking;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Reads a user agent: Herald's own rules for mail clients ({@code mail-clients.tsv}: Outlook,
 * Thunderbird, Apple Mail, Foxmail, QQ Mail, NetEase Mail Master, the webmail image proxies, ...)
 * first, then uap-java, whose rules know browsers, operating systems and crawlers well but mail
 * clients poorly. Parsing with uap-java takes about half a millisecond, and a campaign's readers share
 * a few hundred agents, so results are cached.
 */
final class MailClients {
    static final String FILE = "mail-clients.tsv";
    private static final int CACHE_SIZE = 10_000;
    private static final Set<String> MOBILE_SYSTEMS = Set.of("iOS", "iPadOS", "Android", "HarmonyOS");

    /** The reading of one agent: the client, uap-java's family for the evidence, and whether uap-java calls it a crawler. */
    record Reading(MailClient client, String family, boolean crawler) {
    }

    private record Rule(Pattern pattern, String client, String device, String os) {
    }

    private final List<Rule> rules;
    private final Parser uap;
    private final BoundedCache<String, Reading> cache = new BoundedCache<>(CACHE_SIZE);

    private MailClients(List<Rule> rules, Parser uap) {
        this.rules = List.copyOf(rules);
        this.uap = uap;
    }

    static MailClients load() {
        List<Rule> rules = TsvResource.read(FILE, 5).stream().map(row -> {
            String device = row.field(2);
            if (!device.equals("auto") && !MailClient.DEVICES.contains(device)) {
                throw row.error("device must be auto or one of " + MailClient.DEVICES + ", got '" + device + "'");
            }
            try {
                return new Rule(Pattern.compile(row.field(0), Pattern.CASE_INSENSITIVE), row.field(1), device, row.field(3));
            } catch (PatternSyntaxException e) {
                throw row.error(e.getMessage());
            }
        }).toList();
        return new MailClients(rules, new Parser());
    }

    Reading read(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Reading(MailClient.NONE, null, false);
        }
        Reading r = cache.get(userAgent);
        if (r == null) {
            r = parse(userAgent);
            cache.put(userAgent, r);
        }
        return r;
    }

    private Reading parse(String userAgent) {
        Client c = uap.parse(userAgent);
        String family = c.userAgent.family;
        String os = system(c.os.family);
        boolean crawler = "Spider".equals(c.device.family);
        for (Rule rule : rules) {
            if (rule.pattern().matcher(userAgent).find()) {
                String ruleOs = rule.os().equals("*") ? os : system(rule.os());
                String device = rule.device().equals("auto") ? (MOBILE_SYSTEMS.contains(ruleOs) ? "mobile" : "desktop") : rule.device();
                return new Reading(new MailClient(rule.client(), device, ruleOs), family, crawler);
            }
        }
        return new Reading(fromUap(userAgent, family, os, crawler), family, crawler);
    }

    /** uap-java's families that are mail clients; any other family on a browser-style agent is a browser, so webmail. */
    private static MailClient fromUap(String userAgent, String family, String os, boolean crawler) {
        if (crawler || "Other".equals(family)) {
            return MailClient.NONE;
        }
        return switch (family) {
            case "Apple Mail", "Outlook", "Thunderbird", "Windows Live Mail", "Airmail" -> new MailClient(family, "desktop", os);
            case "Mobile Safari UI/WKWebView" -> new MailClient("iOS app (WebView)", "mobile", os);
            default -> userAgent.startsWith("Mozilla/") || userAgent.startsWith("Opera/")
                    ? new MailClient(family, "webmail", os)
                    : MailClient.NONE; // libraries and tools uap-java names (curl, Go-http-client, ...) are not clients
        };
    }

    private static String system(String uapFamily) {
        if (uapFamily == null || uapFamily.equals("Other")) {
            return MailClient.UNKNOWN;
        }
        return uapFamily.equals("Mac OS X") ? "macOS" : uapFamily;
    }
}
