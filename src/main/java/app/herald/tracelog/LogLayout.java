package app.herald.tracelog;

import java.util.List;

/**
 * The column layouts of Exchange message tracking logs. Herald writes {@link #EXCHANGE_2013};
 * the reader takes each file's own {@code #Fields:} line and falls back to these layouts, chosen
 * by column count, for files without a header.
 */
public final class LogLayout {
    /** Exchange 2010: 26 columns. */
    public static final List<String> EXCHANGE_2010 = List.of(
            "date-time", "client-ip", "client-hostname", "server-ip", "server-hostname", "source-context",
            "connector-id", "source", "event-id", "internal-message-id", "message-id", "recipient-address",
            "recipient-status", "total-bytes", "recipient-count", "related-recipient-address", "reference",
            "message-subject", "sender-address", "return-path", "message-info", "directionality", "tenant-id",
            "original-client-ip", "original-server-ip", "custom-data");

    /** Exchange 2013: 2010 plus network-message-id after message-id; 27 columns. Herald writes this. */
    public static final List<String> EXCHANGE_2013 = List.of(
            "date-time", "client-ip", "client-hostname", "server-ip", "server-hostname", "source-context",
            "connector-id", "source", "event-id", "internal-message-id", "message-id", "network-message-id",
            "recipient-address", "recipient-status", "total-bytes", "recipient-count", "related-recipient-address",
            "reference", "message-subject", "sender-address", "return-path", "message-info", "directionality",
            "tenant-id", "original-client-ip", "original-server-ip", "custom-data");

    /** Exchange 2016 and 2019: 2013 plus transport-traffic-type, log-id and schema-version; 30 columns. */
    public static final List<String> EXCHANGE_2016 = concat(EXCHANGE_2013, List.of("transport-traffic-type", "log-id", "schema-version"));

    /** File name prefixes: transport, approval (moderation), delivery to mailboxes, submission. */
    public enum Prefix {
        MSGTRK, MSGTRKMA, MSGTRKMD, MSGTRKMS
    }

    private LogLayout() {
    }

    /** The known layout with this many columns, for files that lack a {@code #Fields:} line. */
    public static java.util.Optional<List<String>> byColumnCount(int columns) {
        return switch (columns) {
            case 26 -> java.util.Optional.of(EXCHANGE_2010);
            case 27 -> java.util.Optional.of(EXCHANGE_2013);
            case 30 -> java.util.Optional.of(EXCHANGE_2016);
            default -> java.util.Optional.empty();
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
