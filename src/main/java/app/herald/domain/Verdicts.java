package app.herald.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Judges published TXT records (SPF, DKIM, DMARC) against what Herald expects. */
final class Verdicts {
    record Verdict(RecordStatus status, List<String> published, String note) {
    }

    private Verdicts() {
    }

    static Verdict spf(String domain, List<String> txt, List<String> mechanisms) {
        List<String> spf = txt.stream().filter(Verdicts::isSpf).toList();
        if (spf.isEmpty()) {
            return new Verdict(RecordStatus.MISSING, txt, "no SPF record: receivers cannot tell which servers may send as " + domain);
        }
        if (spf.size() > 1) {
            return new Verdict(RecordStatus.DIFFERENT, spf, spf.size() + " SPF records: receivers treat that as a permanent "
                    + "error (RFC 7208 section 4.5); merge them into one");
        }
        List<String> tokens = List.of(spf.getFirst().toLowerCase(Locale.ROOT).trim().split("\\s+"));
        List<String> missing = mechanisms.stream().map(m -> m.toLowerCase(Locale.ROOT))
                .filter(m -> !tokens.contains(m) && !tokens.contains("+" + m)).toList();
        if (!missing.isEmpty()) {
            return new Verdict(RecordStatus.DIFFERENT, spf, "does not list " + String.join(" ", missing)
                    + " (Herald does not follow include: or redirect=; if one of them covers it, the record is fine)");
        }
        String last = tokens.getLast();
        boolean redirect = tokens.stream().anyMatch(t -> t.startsWith("redirect="));
        if (last.equals("-all")) {
            return new Verdict(RecordStatus.OK, spf, "");
        }
        if (last.equals("~all")) {
            return new Verdict(RecordStatus.OK, spf, "~all (soft fail) is fine while you find every server that sends as "
                    + domain + "; then switch to -all");
        }
        if (redirect && !last.endsWith("all")) {
            return new Verdict(RecordStatus.OK, spf, "the policy comes from the redirect= domain");
        }
        return new Verdict(RecordStatus.DIFFERENT, spf, "ends with '" + last + "': it must end with -all (or ~all), "
                + "else anyone may send as " + domain);
    }

    static Verdict dkim(DkimKey key, List<String> txt) {
        if (txt.isEmpty()) {
            return new Verdict(RecordStatus.MISSING, txt, pendingNote(key));
        }
        if (txt.size() > 1) {
            return new Verdict(RecordStatus.DIFFERENT, txt, txt.size() + " TXT records at one name: verifiers may use any of them; keep only this one");
        }
        Map<String, String> tags = tags(txt.getFirst());
        String version = tags.getOrDefault("v", "DKIM1");
        String keyType = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        String p = tags.getOrDefault("p", "").replaceAll("\\s+", "");
        if (!version.equals("DKIM1")) {
            return new Verdict(RecordStatus.DIFFERENT, txt, "v=" + version + " is not DKIM1");
        }
        if (!keyType.equals(key.algorithm().keyType())) {
            return new Verdict(RecordStatus.DIFFERENT, txt, "k=" + keyType + " but the key is " + key.algorithm().keyType());
        }
        if (p.isEmpty()) {
            return new Verdict(RecordStatus.DIFFERENT, txt, "p= is empty: the record revokes the key");
        }
        if (!p.equals(key.publicKeyBase64())) {
            return new Verdict(RecordStatus.DIFFERENT, txt, "p= holds another public key (an older one, or cut off?); publish this one");
        }
        return new Verdict(RecordStatus.OK, txt, pendingNote(key));
    }

    static Verdict dmarc(String domain, List<String> txt) {
        List<String> dmarc = txt.stream().filter(t -> t.strip().regionMatches(true, 0, "v=DMARC1", 0, 8)).toList();
        if (dmarc.isEmpty()) {
            return new Verdict(RecordStatus.MISSING, txt, "without DMARC receivers apply no policy to mail that fails SPF "
                    + "and DKIM, and send no reports; start with p=none");
        }
        if (dmarc.size() > 1) {
            return new Verdict(RecordStatus.DIFFERENT, dmarc, dmarc.size() + " DMARC records: receivers ignore them all; keep one");
        }
        String policy = Optional.ofNullable(tags(dmarc.getFirst()).get("p")).orElse("").toLowerCase(Locale.ROOT);
        return switch (policy) {
            case "none" -> new Verdict(RecordStatus.OK, dmarc, "p=none only monitors: once the reports show only your own "
                    + "servers, move to p=quarantine, then p=reject");
            case "quarantine", "reject" -> new Verdict(RecordStatus.OK, dmarc, "");
            default -> new Verdict(RecordStatus.DIFFERENT, dmarc, "p= must be none, quarantine or reject, not '" + policy + "'");
        };
    }

    private static String pendingNote(DkimKey key) {
        return key.status() == KeyStatus.PENDING
                ? "pending key: once this record is OK, run herald domain activate " + key.domain() + " --selector " + key.selector()
                : "";
    }

    static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    /** A tag=value list (DKIM, DMARC); names lower-cased, values trimmed. */
    static Map<String, String> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        return tags;
    }

    static List<String> mechanismsFor(String relayHost) {
        String h = relayHost.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")) {
            return List.of();
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return List.of("ip4:" + h);
        }
        if (h.contains(":")) {
            return List.of("ip6:" + h.replace("[", "").replace("]", ""));
        }
        return new ArrayList<>(List.of("a:" + h));
    }
}
