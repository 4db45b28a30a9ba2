package app.herald.tracking;

import java.util.Arrays;
import java.util.Optional;

/** What sort of machine made a hit; the names are those of {@code tracking_event.machine_kind} and the report API. */
public enum MachineKind {
    /** A mail privacy proxy fetching every image on delivery, opened or not (Apple Mail Privacy Protection). */
    PRIVACY_PROXY_PREFETCH("privacy_proxy_prefetch"),
    /** A mail security gateway following links (and sometimes loading images) to check them. */
    SECURITY_SCANNER("security_scanner"),
    /** A tool checking that links work (HEAD requests, link-checker agents). */
    LINK_CHECKER("link_checker"),
    /** Any other program: scripts, HTTP libraries, crawlers, requests without a user agent. */
    UNKNOWN_BOT("unknown_bot");

    public final String sqlName;

    MachineKind(String sqlName) {
        this.sqlName = sqlName;
    }

    static Optional<MachineKind> find(String sqlName) {
        return Arrays.stream(values()).filter(k -> k.sqlName.equals(sqlName)).findFirst();
    }
}
