package app.herald.domain;

import java.util.List;
import java.util.Objects;

/** The DNS records of one sending domain as checked through {@code resolver} (HOST:PORT). */
public record DomainReport(String domain, String resolver, List<RecordCheck> records) {
    public DomainReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(resolver, "resolver");
        records = List.copyOf(records);
    }

    /** Whether every record is published as expected. */
    public boolean ok() {
        return records.stream().allMatch(r -> r.status() == RecordStatus.OK);
    }
}
