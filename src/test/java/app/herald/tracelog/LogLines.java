package app.herald.tracelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes message tracking log lines for tests, in Exchange 2013's exact format: 27 fields,
 * quoted only when a value holds a comma, quote, CR or LF, quotes doubled.
 */
final class LogLines {
    static final String CRLF = "\r\n";

    private LogLines() {
    }

    static String header(String date) {
        return header(date, LogLayout.EXCHANGE_2013);
    }

    static String header(String date, List<String> fields) {
        return "#Software: Microsoft Exchange Server" + CRLF + "#Version: 15.00.1497.002" + CRLF
                + "#Log-type: Message Tracking Log" + CRLF + "#Date: " + date + CRLF
                + "#Fields: " + String.join(",", fields) + CRLF;
    }

    static String csv(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String v = values.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }

    /** One record as a line of the given layout (without its line break). */
    static String line(Map<RecordField, String> values, List<String> layout) {
        List<String> out = new ArrayList<>();
        for (String column : layout) {
            out.add(RecordField.byColumn(column).map(f -> values.getOrDefault(f, "")).orElse(""));
        }
        return csv(out);
    }

    static Rec rec(String time) {
        return new Rec(time);
    }

    static void write(Path file, String text, boolean bom) {
        try {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] all = body;
            if (bom) {
                all = new byte[body.length + 3];
                all[0] = (byte) 0xEF;
                all[1] = (byte) 0xBB;
                all[2] = (byte) 0xBF;
                System.arraycopy(body, 0, all, 3, body.length);
            }
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record under construction. */
    static final class Rec {
        final Map<RecordField, String> values = new EnumMap<>(RecordField.class);

        Rec(String time) {
            values.put(RecordField.DATE_TIME, time);
        }

        Rec set(RecordField f, String v) {
            values.put(f, v);
            return this;
        }

        Rec event(String eventId, String source) {
            return set(RecordField.EVENT_ID, eventId).set(RecordField.SOURCE, source);
        }

        Rec sender(String v) {
            return set(RecordField.SENDER_ADDRESS, v);
        }

        Rec recipients(String v) {
            return set(RecordField.RECIPIENT_ADDRESS, v);
        }

        Rec ids(String internal, String messageId, String network) {
            return set(RecordField.INTERNAL_MESSAGE_ID, internal).set(RecordField.MESSAGE_ID, messageId)
                    .set(RecordField.NETWORK_MESSAGE_ID, network);
        }

        Rec subject(String v) {
            return set(RecordField.MESSAGE_SUBJECT, v);
        }

        String line() {
            return LogLines.line(values, LogLayout.EXCHANGE_2013);
        }
    }
}
