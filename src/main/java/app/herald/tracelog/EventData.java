package app.herald.tracelog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * custom-data is a ';'-separated list of typed pairs, {@code S:Key=Value} (S for string; Exchange
 * also writes I: and others). Get-MessageTrackingLog shows it as EventData, a list of key-value
 * pairs without the type prefix. A value may itself contain '=' (only the first one splits); Herald's
 * writer percent-encodes ';' and '=' inside values, which are decoded here.
 */
final class EventData {
    private EventData() {
    }

    static List<Map.Entry<String, String>> parse(String customData) {
        if (customData.isBlank()) {
            return List.of();
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String item : customData.split(";", -1)) {
            if (item.isBlank()) {
                continue;
            }
            String body = item.length() > 2 && item.charAt(1) == ':' && Character.isLetter(item.charAt(0)) ? item.substring(2) : item;
            int eq = body.indexOf('=');
            pairs.add(eq < 0 ? Map.entry(body, "") : Map.entry(body.substring(0, eq), LogRecord.percentDecoded(body.substring(eq + 1))));
        }
        return List.copyOf(pairs);
    }

    /** The value of the first pair with this key (case-insensitive), or "". */
    static String value(List<Map.Entry<String, String>> pairs, String key) {
        for (Map.Entry<String, String> p : pairs) {
            if (p.getKey().equalsIgnoreCase(key)) {
                return p.getValue();
            }
        }
        return "";
    }
}
