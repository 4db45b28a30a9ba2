package app.herald.domain;

import app.herald.config.HeraldConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Works out the DNS records a sending domain needs (SPF, DKIM per key, DMARC, the tracking host,
 * the bounce domain's MX) and checks what a DNS server actually publishes. Read-only: it changes
 * nothing, and asks only the one configured server.
 */
public final class DomainCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final SendingDomains domains;
    private final HeraldConfig config;
    private final DnsClient dns;

    /** {@code resolver} (HOST:PORT) overrides dns.resolver, which overrides /etc/resolv.conf. */
    public DomainCheck(SendingDomains domains, HeraldConfig config, Optional<InetSocketAddress> resolver) {
        this(domains, config, resolver, TIMEOUT);
    }

    DomainCheck(SendingDomains domains, HeraldConfig config, Optional<InetSocketAddress> resolver, Duration timeout) {
        this.domains = domains;
        this.config = config;
        this.dns = new DnsClient(resolver.or(() -> config.domains().dnsResolver()).orElseGet(DnsClient::systemResolver), timeout);
    }

    public DomainReport check(CheckRequest request) {
        String domain = DomainNames.domain(request.domain(), "domain");
        Optional<String> bounceDomain = request.bounceDomain().map(d -> DomainNames.domain(d, "bounce domain"));
        String herald = config.publicUrl().getHost().toLowerCase(java.util.Locale.ROOT);
        // every relay may hand the domain's mail to the internet, so SPF names each of them
        List<String> mechanisms = request.spf().isEmpty() ? config.sending().relays().stream()
                .flatMap(r -> Verdicts.mechanismsFor(r.smtp().host()).stream()).distinct().toList() : request.spf();

        List<RecordCheck> records = new ArrayList<>();
        records.add(spf(domain, mechanisms));
        records.addAll(dkim(domain));
        String rua = request.dmarcReports().orElse("dmarc-reports@" + domain);
        records.add(txt("DMARC", "_dmarc." + domain, "v=DMARC1; p=none; rua=mailto:" + rua, t -> Verdicts.dmarc(domain, t)));
        Optional<String> trackingHost = request.trackingHost().map(h -> DomainNames.domain(h, "tracking host"))
                .or(() -> herald.endsWith("." + domain) ? Optional.of(herald) : Optional.empty());
        trackingHost.ifPresent(h -> records.add(tracking(h, herald)));
        if (bounceDomain.isPresent()) {
            String mx = request.bounceMx().map(h -> DomainNames.domain(h, "bounce MX host")).orElse(herald);
            records.add(bounceMx(domain, bounceDomain.get(), mx));
            if (!bounceDomain.get().equals(domain)) {
                // SPF is checked against the envelope sender, which is the bounce domain
                records.add(spf(bounceDomain.get(), mechanisms));
            }
        }
        return new DomainReport(domain, dns.server(), records);
    }

    private RecordCheck spf(String name, List<String> mechanisms) {
        String expected = "v=spf1 " + (mechanisms.isEmpty() ? "ip4:ADDRESS-YOUR-MAIL-LEAVES-FROM" : String.join(" ", mechanisms)) + " -all";
        RecordCheck r = txt("SPF", name, expected, t -> Verdicts.spf(name, t, mechanisms));
        if (mechanisms.isEmpty()) {
            return new RecordCheck(r.purpose(), r.name(), r.type(), r.expected(), r.status(), r.published(), join(r.note(),
                    "smtp.host is this machine: list the public addresses your mail leaves from (pass --spf ip4:ADDRESS)"));
        }
        return r;
    }

    /** The keys of the domain itself or, failing that, of the nearest parent with keys (still aligned for DMARC). */
    private List<RecordCheck> dkim(String domain) {
        for (String d = domain; d.indexOf('.') > 0; d = d.substring(d.indexOf('.') + 1)) {
            List<DkimKey> keys = domains.keys(d).stream().filter(k -> k.status() != KeyStatus.RETIRED).toList();
            if (!keys.isEmpty()) {
                String via = d.equals(domain) ? "" : "mail from " + domain + " is signed with the keys of " + d;
                return keys.stream().map(k -> {
                    RecordCheck r = txt("DKIM", k.dnsName(), k.dnsRecord(), t -> Verdicts.dkim(k, t));
                    return new RecordCheck(r.purpose(), r.name(), r.type(), r.expected(), r.status(), r.published(), join(via, r.note()));
                }).toList();
            }
        }
        return List.of(new RecordCheck("DKIM", "*._domainkey." + domain, "TXT", "(no key yet)", RecordStatus.MISSING, List.of(),
                "Herald has no DKIM key for " + domain + ": run herald domain add " + domain));
    }

    private RecordCheck tracking(String host, String herald) {
        if (host.equals(herald)) {
            List<String> found = new ArrayList<>();
            try {
                dns.query(host, DnsClient.CNAME).forEach(a -> found.add("CNAME " + a.data()));
                dns.query(host, DnsClient.A).forEach(a -> found.add("A " + a.data()));
                dns.query(host, DnsClient.AAAA).forEach(a -> found.add("AAAA " + a.data()));
            } catch (DnsException e) {
                return new RecordCheck("tracking", host, "A", "<address of the Herald server>", RecordStatus.ERROR, found, e.getMessage());
            }
            return new RecordCheck("tracking", host, "A", "<address of the Herald server>",
                    found.isEmpty() ? RecordStatus.MISSING : RecordStatus.OK, found, "public_url's host: tracking links and the open pixel use it");
        }
        String note = "tracking links use public_url (" + herald + "); set public_url to https://" + host + " to show this name in them";
        try {
            List<String> cname = dns.query(host, DnsClient.CNAME).stream().map(DnsClient.Answer::data).toList();
            if (cname.contains(herald)) {
                return new RecordCheck("tracking", host, "CNAME", herald, RecordStatus.OK, cname, note);
            }
            List<String> found = new ArrayList<>(cname.stream().map(c -> "CNAME " + c).toList());
            if (cname.isEmpty()) {
                dns.query(host, DnsClient.A).forEach(a -> found.add("A " + a.data()));
            }
            return new RecordCheck("tracking", host, "CNAME", herald, found.isEmpty() ? RecordStatus.MISSING : RecordStatus.DIFFERENT,
                    found, note);
        } catch (DnsException e) {
            return new RecordCheck("tracking", host, "CNAME", herald, RecordStatus.ERROR, List.of(), e.getMessage());
        }
    }

    private RecordCheck bounceMx(String domain, String bounceDomain, String mx) {
        String note = "Herald's bounce listener must take mail for " + bounceDomain + " on port 25 at " + mx
                + (bounceDomain.equals(domain) || bounceDomain.endsWith("." + domain) ? ""
                : "; use a subdomain of " + domain + " so that SPF aligns with the From domain for DMARC");
        try {
            List<DnsClient.Answer> answers = dns.query(bounceDomain, DnsClient.MX);
            List<String> found = answers.stream().map(a -> a.preference() + " " + a.data()).toList();
            RecordStatus status = answers.isEmpty() ? RecordStatus.MISSING
                    : answers.stream().anyMatch(a -> a.data().equals(mx)) ? RecordStatus.OK : RecordStatus.DIFFERENT;
            return new RecordCheck("bounces", bounceDomain, "MX", "10 " + mx, status, found, note);
        } catch (DnsException e) {
            return new RecordCheck("bounces", bounceDomain, "MX", "10 " + mx, RecordStatus.ERROR, List.of(), e.getMessage());
        }
    }

    private RecordCheck txt(String purpose, String name, String expected, Function<List<String>, Verdicts.Verdict> judge) {
        try {
            List<String> txt = dns.query(name, DnsClient.TXT).stream().map(DnsClient.Answer::data).toList();
            Verdicts.Verdict v = judge.apply(txt);
            return new RecordCheck(purpose, name, "TXT", expected, v.status(), v.published(), v.note());
        } catch (DnsException e) {
            return new RecordCheck(purpose, name, "TXT", expected, RecordStatus.ERROR, List.of(), e.getMessage());
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
