package app.herald.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check for a sending domain. Empty options take their defaults from the configuration:
 * the tracking host is checked when given (or when public_url's host is under the domain), the
 * bounce domain when given, its MX defaulting to public_url's host; the SPF mechanisms default to
 * one for smtp.host; DMARC reports default to dmarc-reports@DOMAIN.
 */
public record CheckRequest(String domain, Optional<String> trackingHost, Optional<String> bounceDomain,
                           Optional<String> bounceMx, List<String> spf, Optional<String> dmarcReports) {
    public CheckRequest {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(trackingHost, "trackingHost");
        Objects.requireNonNull(bounceDomain, "bounceDomain");
        Objects.requireNonNull(bounceMx, "bounceMx");
        spf = List.copyOf(spf);
        Objects.requireNonNull(dmarcReports, "dmarcReports");
    }

    public static CheckRequest of(String domain) {
        return new CheckRequest(domain, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }
}
