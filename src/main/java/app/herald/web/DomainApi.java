package app.herald.web;

import app.herald.domain.CheckRequest;
import app.herald.domain.DkimKey;
import app.herald.domain.DomainCheck;
import app.herald.domain.DomainNames;
import app.herald.domain.DomainReport;
import app.herald.domain.RecordCheck;
import app.herald.domain.SendingDomains;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sending domains for admins: their DKIM keys and the DNS check ({@code herald domain check} as JSON). */
public final class DomainApi implements Routes {
    record KeyJson(String selector, String algorithm, String status, String dnsName, String dnsRecord, Instant createdAt) {
        static KeyJson of(DkimKey k) {
            return new KeyJson(k.selector(), k.algorithm().tag(), k.status().name().toLowerCase(java.util.Locale.ROOT), k.dnsName(),
                    k.dnsRecord(), k.createdAt());
        }
    }

    record DomainJson(String domain, List<KeyJson> keys) {
    }

    record RecordJson(String purpose, String name, String type, String expected, String zoneLine, String status,
                      List<String> published, String note) {
        static RecordJson of(RecordCheck r) {
            return new RecordJson(r.purpose(), r.name(), r.type(), r.expected(), r.zoneLine(), r.status().name(), r.published(), r.note());
        }
    }

    /** The check document; {@code ok} is true when every record is OK. */
    public record CheckJson(String domain, String resolver, boolean ok, List<RecordJson> records) {
        public static CheckJson of(DomainReport r) {
            return new CheckJson(r.domain(), r.resolver(), r.ok(), r.records().stream().map(RecordJson::of).toList());
        }
    }

    private final SendingDomains domains;
    private final DomainCheck check;

    public DomainApi(SendingDomains domains, DomainCheck check) {
        this.domains = domains;
        this.check = check;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/domains", ctx -> {
            requireAdmin(ctx);
            ctx.json(domains.domains().stream().map(d -> new DomainJson(d, domains.keys(d).stream().map(KeyJson::of).toList())).toList());
        });
        routes.get("/api/domains/{domain}/check", this::check);
    }

    private void check(Context ctx) {
        requireAdmin(ctx);
        String domain = DomainNames.domain(ctx.pathParam("domain"), "domain");
        CheckRequest request = new CheckRequest(domain, param(ctx, "tracking_host"), param(ctx, "bounce_domain"),
                param(ctx, "bounce_mx"), ctx.queryParams("spf"), param(ctx, "dmarc_rua"));
        ctx.json(CheckJson.of(check.check(request)));
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** DKIM keys and DNS checks are for whoever runs the installation, not for every API user. */
    private static void requireAdmin(Context ctx) {
        if (ApiAuth.user(ctx).role() != Users.Role.ADMIN) {
            throw new ForbiddenResponse("sending domains are for admins only");
        }
    }
}
