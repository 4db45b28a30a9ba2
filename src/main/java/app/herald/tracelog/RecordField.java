package app.herald.tracelog;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a message tracking log record: the column name Exchange writes in {@code #Fields:}
 * and the property name Get-MessageTrackingLog shows. Columns a file names that are not listed
 * here are read and ignored.
 */
public enum RecordField {
    DATE_TIME("date-time", "Timestamp"),
    CLIENT_IP("client-ip", "ClientIp"),
    CLIENT_HOSTNAME("client-hostname", "ClientHostname"),
    SERVER_IP("server-ip", "ServerIp"),
    SERVER_HOSTNAME("server-hostname", "ServerHostname"),
    SOURCE_CONTEXT("source-context", "SourceContext"),
    CONNECTOR_ID("connector-id", "ConnectorId"),
    SOURCE("source", "Source"),
    EVENT_ID("event-id", "EventId"),
    INTERNAL_MESSAGE_ID("internal-message-id", "InternalMessageId"),
    MESSAGE_ID("message-id", "MessageId"),
    NETWORK_MESSAGE_ID("network-message-id", "NetworkMessageId"),
    RECIPIENT_ADDRESS("recipient-address", "Recipients"),
    RECIPIENT_STATUS("recipient-status", "RecipientStatus"),
    TOTAL_BYTES("total-bytes", "TotalBytes"),
    RECIPIENT_COUNT("recipient-count", "RecipientCount"),
    RELATED_RECIPIENT_ADDRESS("related-recipient-address", "RelatedRecipientAddress"),
    REFERENCE("reference", "Reference"),
    MESSAGE_SUBJECT("message-subject", "MessageSubject"),
    SENDER_ADDRESS("sender-address", "Sender"),
    RETURN_PATH("return-path", "ReturnPath"),
    MESSAGE_INFO("message-info", "MessageInfo"),
    DIRECTIONALITY("directionality", "Directionality"),
    TENANT_ID("tenant-id", "TenantId"),
    ORIGINAL_CLIENT_IP("original-client-ip", "OriginalClientIp"),
    ORIGINAL_SERVER_IP("original-server-ip", "OriginalServerIp"),
    CUSTOM_DATA("custom-data", "EventData"),
    TRANSPORT_TRAFFIC_TYPE("transport-traffic-type", "TransportTrafficType"),
    LOG_ID("log-id", "LogId"),
    SCHEMA_VERSION("schema-version", "SchemaVersion");

    private static final Map<String, RecordField> BY_COLUMN = new HashMap<>();

    static {
        for (RecordField f : values()) {
            BY_COLUMN.put(f.column, f);
        }
    }

    private final String column;
    private final String property;

    RecordField(String column, String property) {
        this.column = column;
        this.property = property;
    }

    /** The name in a log file's {@code #Fields:} line, e.g. {@code sender-address}. */
    public String column() {
        return column;
    }

    /** The Get-MessageTrackingLog output property, e.g. {@code Sender}. */
    public String property() {
        return property;
    }

    /** The field a {@code #Fields:} column names, ignoring case and surrounding blanks. */
    public static Optional<RecordField> byColumn(String name) {
        return Optional.ofNullable(BY_COLUMN.get(name.strip().toLowerCase(Locale.ROOT)));
    }
}
