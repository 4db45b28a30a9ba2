package app.herald.tracelog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Formats events as Exchange 2013 writes them: the fields of {@link LogLayout#EXCHANGE_2013} in
 * that order, comma-separated, CRLF-terminated. A field holding a comma, quote, CR or LF is quoted,
 * with quotes doubled. Multi-valued fields join their values with {@code ;}; inside one value, and
 * inside custom-data values, the characters that would break that split are percent-encoded (see
 * {@link #appendEncoded}). One instance per writer thread: it reuses its buffers.
 */
final class LogLine {
    static final String SOFTWARE = "Herald" + version();
    static final String VERSION = "15.0.0.0";
    static final String LOG_TYPE = "Message Tracking Log";
    static final String FIELDS = String.join(",", LogLayout.EXCHANGE_2013);

    private interface Field {
        void append(LogEvent e, LogLine out);
    }

    private static final Field[] COLUMNS = LogLayout.EXCHANGE_2013.stream().map(LogLine::column).toArray(Field[]::new);

    private final StringBuilder line = new StringBuilder(1024);
    private final boolean subjects;
    // the "yyyy-MM-ddTHH:mm:" of the last minute formatted: consecutive events share it
    private long cachedMinute = Long.MIN_VALUE;
    private final StringBuilder minutePrefix = new StringBuilder(17);

    /** {@code subjects}: whether message-subject is written at all (subject logging). */
    LogLine(boolean subjects) {
        this.subjects = subjects;
    }

    /** The header that starts every file (after the BOM); {@code date} is the time of the file's first record. */
    static String header(Instant date) {
        return "#Software: " + SOFTWARE + "\r\n"
                + "#Version: " + VERSION + "\r\n"
                + "#Log-type: " + LOG_TYPE + "\r\n"
                + "#Date: " + timestamp(date) + "\r\n"
                + "#Fields: " + FIELDS + "\r\n";
    }

    /** One event as a line, CRLF included. The returned builder is reused by the next call. */
    CharSequence format(LogEvent e) {
        line.setLength(0);
        for (int i = 0; i < COLUMNS.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            int start = line.length();
            COLUMNS[i].append(e, this);
            quoteIfNeeded(start);
        }
        return line.append("\r\n");
    }

    private static Field column(String name) {
        return switch (name) {
            case "date-time" -> (e, o) -> o.timestampField(e.dateTime());
            case "client-ip" -> (e, o) -> o.text(e.clientIp());
            case "client-hostname" -> (e, o) -> o.text(e.clientHostname());
            case "server-ip" -> (e, o) -> o.text(e.serverIp());
            case "server-hostname" -> (e, o) -> o.text(e.serverHostname());
            case "source-context" -> (e, o) -> o.text(e.sourceContext());
            case "connector-id" -> (e, o) -> o.text(e.connectorId());
            case "source" -> (e, o) -> o.line.append(e.source().name());
            case "event-id" -> (e, o) -> o.line.append(e.eventId().name());
            case "internal-message-id" -> (e, o) -> o.number(e.internalMessageId());
            case "message-id" -> (e, o) -> o.text(e.messageId());
            case "network-message-id" -> (e, o) -> o.text(e.networkMessageId() == null ? null : e.networkMessageId().toString());
            case "recipient-address" -> (e, o) -> o.list(e.recipients());
            case "recipient-status" -> (e, o) -> o.list(e.recipientStatus());
            case "total-bytes" -> (e, o) -> o.number(e.totalBytes());
            case "recipient-count" -> (e, o) -> o.number(e.recipientCount());
            case "related-recipient-address" -> (e, o) -> o.text(e.relatedRecipientAddress());
            case "reference" -> (e, o) -> o.text(e.reference());
            case "message-subject" -> (e, o) -> o.text(o.subjects ? e.messageSubject() : null);
            case "sender-address" -> (e, o) -> o.text(e.senderAddress());
            case "return-path" -> (e, o) -> o.text(e.returnPath() != null && e.returnPath().isEmpty() ? "<>" : e.returnPath());
            case "message-info" -> (e, o) -> o.text(e.messageInfo());
            case "directionality" -> (e, o) -> o.text(e.directionality());
            case "tenant-id" -> (e, o) -> o.text(e.tenantId());
            case "original-client-ip" -> (e, o) -> o.text(e.originalClientIp());
            case "original-server-ip" -> (e, o) -> o.text(e.originalServerIp());
            case "custom-data" -> (e, o) -> o.customData(e.customData());
            default -> throw new IllegalStateException("the writer does not know Exchange 2013 field " + name);
        };
    }

    private void text(String v) {
        if (v != null) {
            line.append(v);
        }
    }

    private void number(Number n) {
        if (n != null) {
            line.append(n.longValue());
        }
    }

    private void list(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(';');
            }
            appendEncoded(line, values.get(i), false);
        }
    }

    private void customData(List<Map.Entry<String, String>> entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                line.append(';');
            }
            Map.Entry<String, String> e = entries.get(i);
            line.append("S:").append(e.getKey()).append('=');
            appendEncoded(line, e.getValue(), true);
        }
    }

    /**
     * Percent-encodes (as UTF-8, like a URL) {@code %}, {@code ;}, control characters and, in
     * custom-data values, {@code =}; everything else, non-ASCII included, is written as it is.
     * Readers split on {@code ;}, then at the first {@code =}, then percent-decode.
     */
    static void appendEncoded(StringBuilder out, String v, boolean equalsSign) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' || c == ';' || c < 0x20 || c == 0x7f || equalsSign && c == '=') {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Quotes the field that starts at {@code start} (the end of the line) if it holds a comma, quote, CR or LF. */
    private void quoteIfNeeded(int start) {
        int end = line.length();
        boolean quote = false;
        for (int i = start; i < end && !quote; i++) {
            char c = line.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return;
        }
        String v = line.substring(start);
        line.setLength(start);
        line.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private void timestampField(Instant t) {
        long minute = Math.floorDiv(t.getEpochSecond(), 60);
        if (minute != cachedMinute) {
            minutePrefix.setLength(0);
            appendTimestamp(minutePrefix, Instant.ofEpochSecond(minute * 60));
            minutePrefix.setLength(17);
            cachedMinute = minute;
        }
        line.append(minutePrefix);
        pad(line, (int) Math.floorMod(t.getEpochSecond(), 60), 2).append('.');
        pad(line, t.getNano() / 1_000_000, 3).append('Z');
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.fffZ} in UTC. */
    static String timestamp(Instant t) {
        StringBuilder sb = new StringBuilder(24);
        appendTimestamp(sb, t);
        return sb.toString();
    }

    static void appendTimestamp(StringBuilder sb, Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2).append('.');
        pad(sb, d.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        for (int div = width == 4 ? 1000 : width == 3 ? 100 : 10; div > 0; div /= 10) {
            sb.append((char) ('0' + v / div % 10));
        }
        return sb;
    }

    private static String version() {
        String v = LogLine.class.getPackage().getImplementationVersion();
        return v == null ? " (development build)" : " " + v;
    }
}
