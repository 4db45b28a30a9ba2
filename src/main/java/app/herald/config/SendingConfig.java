package app.herald.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where mail goes and how fast (docs/sending.md, "Relays and limits"): the relays with their
 * weights, when a failing relay is taken out, and the sending limits. Without {@code smtp.relays}
 * the single relay of {@code smtp.host}/{@code smtp.port}/... is the one relay, weight 1.
 *
 * @param relayFailures  relay-level failures in a row (no connection, timeout, dropped connection, 421) that take a relay out
 * @param relayCooldown  how long a relay stays out before one message tries it again
 * @param ratePerSecond  messages per second this node sends at most; 0: no limit
 * @param windowLimit    messages all nodes together send at most within a sliding window (e.g. 10,000 per hour)
 * @param domainLimits   per recipient domain (lower case): messages per window across nodes and messages in flight per node
 */
public record SendingConfig(List<Relay> relays, int relayFailures, Duration relayCooldown, double ratePerSecond,
                            Optional<Window> windowLimit, Map<String, DomainLimit> domainLimits) {
    static final String RELAYS = "smtp.relays";
    static final String RELAY_FAILURES = "smtp.relay_failures";
    static final String RELAY_COOLDOWN = "smtp.relay_cooldown";
    static final String RATE = "delivery.rate";
    static final String WINDOW_LIMIT = "delivery.window_limit";
    static final String DOMAIN_LIMITS = "delivery.domain_limits";
    static final Set<String> KEYS = Set.of(RELAYS, RELAY_FAILURES, RELAY_COOLDOWN, RATE, WINDOW_LIMIT, DOMAIN_LIMITS);

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\S+)");
    private static final Pattern DOMAIN = Pattern.compile("(?i)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");
    private static final Map<String, String> SPAN_WORDS = Map.of("s", "1s", "sec", "1s", "second", "1s", "min", "1m",
            "minute", "1m", "h", "1h", "hour", "1h", "d", "1d", "day", "1d");

    public SendingConfig {
        relays = List.copyOf(relays);
        if (relays.isEmpty()) {
            throw new IllegalArgumentException("at least one relay is needed");
        }
        Objects.requireNonNull(relayCooldown, "relayCooldown");
        Objects.requireNonNull(windowLimit, "windowLimit");
        domainLimits = Map.copyOf(domainLimits);
    }

    /** One relay, no limits: what a single {@code smtp.*} relay means. */
    public static SendingConfig single(HeraldConfig.Smtp smtp) {
        return new SendingConfig(List.of(new Relay(smtp, 1)), 5, Duration.ofMinutes(1), 0, Optional.empty(), Map.of());
    }

    /** The same limits with {@code smtp} as the only relay (the dev inbox takes all mail). */
    public SendingConfig withSingleRelay(HeraldConfig.Smtp smtp) {
        return new SendingConfig(List.of(new Relay(smtp, 1)), relayFailures, relayCooldown, ratePerSecond, windowLimit, domainLimits);
    }

    /** Connections of all relays together: one send worker each. */
    public int connections() {
        return relays.stream().mapToInt(r -> r.smtp().connections()).sum();
    }

    /** A relay and its share of the messages: relays get messages in proportion to their weights. */
    public record Relay(HeraldConfig.Smtp smtp, int weight) {
        public Relay {
            Objects.requireNonNull(smtp, "smtp");
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, got " + weight);
            }
        }
    }

    /** At most {@code messages} within any {@code span}. */
    public record Window(long messages, Duration span) {
        public Window {
            Objects.requireNonNull(span, "span");
            if (messages < 1 || span.toMillis() < 1000) {
                throw new IllegalArgumentException("a window needs at least 1 message and a span of at least 1 s");
            }
        }

        @Override
        public String toString() {
            long secs = span.toSeconds();
            String unit = secs % 3600 == 0 ? secs / 3600 + "h" : secs % 60 == 0 ? secs / 60 + "m" : secs + "s";
            return messages + " per " + unit;
        }
    }

    /** A recipient domain's limits: per window across all nodes, and messages in flight at once on each node (0: no limit). */
    public record DomainLimit(Optional<Window> rate, int maxInFlight) {
        public DomainLimit {
            Objects.requireNonNull(rate, "rate");
        }
    }

    static SendingConfig from(Settings s, HeraldConfig.Smtp single) {
        List<Relay> relays = s.find(RELAYS).map(raw -> relays(s, raw, single)).orElse(List.of(new Relay(single, 1)));
        Duration cooldown = HeraldConfig.Bounce.duration(s, RELAY_COOLDOWN, Duration.ofMinutes(1));
        double rate = s.find(RATE).map(SendingConfig::rate).orElse(0.0);
        Optional<Window> window = s.find(WINDOW_LIMIT).map(raw -> {
            try {
                return window(raw);
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(WINDOW_LIMIT, raw, e.getMessage());
            }
        });
        return new SendingConfig(relays, s.getInt(RELAY_FAILURES, 5, 1, 1000), cooldown, rate, window,
                s.find(DOMAIN_LIMITS).map(SendingConfig::domainLimits).orElse(Map.of()));
    }

    private static List<Relay> relays(Settings s, String raw, HeraldConfig.Smtp single) {
        for (String key : List.of("smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.tls")) {
            if (s.find(key).isPresent()) {
                throw new ConfigException("set either " + RELAYS + " (" + Settings.envName(RELAYS) + ") or the single relay's "
                        + key + " (" + Settings.envName(key) + "), not both: with several relays each one's host, port, "
                        + "user, password and tls go in its smtp:// URL");
            }
        }
        List<Relay> relays = new ArrayList<>();
        String[] parts = raw.split("[,\\s]+");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                relays.add(relay(parts[i].strip(), i + 1, single.connections()));
            }
        }
        if (relays.isEmpty()) {
            throw Settings.invalid(RELAYS, raw, "lists no relay; give smtp:// or smtps:// URLs separated by commas");
        }
        return relays;
    }

    /** {@code smtp://user:password@host:port?tls=starttls&connections=8&weight=3}; errors never repeat the password. */
    static Relay relay(String raw, int n, int defaultConnections) {
        String what = "relay " + n + " ";
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw Settings.invalid(RELAYS, "…", what + "is not a URL (" + e.getReason() + "); write it like "
                    + "smtp://user:password@relay.example.com:587?tls=starttls&weight=2, with special characters %-encoded");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
            throw Settings.invalid(RELAYS, "…", what + "must be smtp://host[:port] or smtps://host[:port] (implicit TLS), "
                    + "e.g. smtp://relay.example.com:587?tls=starttls");
        }
        HeraldConfig.Tls tls = scheme.equals("smtps") ? HeraldConfig.Tls.TLS : HeraldConfig.Tls.NONE;
        int connections = defaultConnections;
        int weight = 1;
        Map<String, String> query = query(uri.getRawQuery(), what);
        for (var e : query.entrySet()) {
            switch (e.getKey()) {
                case "tls" -> tls = switch (e.getValue().toLowerCase(Locale.ROOT)) {
                    case "none" -> HeraldConfig.Tls.NONE;
                    case "starttls" -> HeraldConfig.Tls.STARTTLS;
                    case "tls", "ssl" -> HeraldConfig.Tls.TLS;
                    default -> throw Settings.invalid(RELAYS, "…", what + "has tls=" + e.getValue() + "; use none, starttls or tls");
                };
                case "connections" -> connections = number(e.getValue(), 1, 256, what + "connections");
                case "weight" -> weight = number(e.getValue(), 1, 1000, what + "weight");
                default -> throw Settings.invalid(RELAYS, "…", what + "has an unknown parameter '" + e.getKey()
                        + "'; known: tls, connections, weight");
            }
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getUserInfo() != null) {
            int colon = uri.getUserInfo().indexOf(':');
            if (colon < 1) {
                throw Settings.invalid(RELAYS, "…", what + "has a user without a password; write smtp://user:password@host");
            }
            user = Optional.of(uri.getUserInfo().substring(0, colon));
            password = Optional.of(uri.getUserInfo().substring(colon + 1));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls == HeraldConfig.Tls.TLS ? 465 : 25;
        return new Relay(new HeraldConfig.Smtp(uri.getHost(), port, user, password, tls, connections), weight);
    }

    private static Map<String, String> query(String raw, String what) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw Settings.invalid(RELAYS, "…", what + "has a parameter without a value: '" + pair + "'");
            }
            q.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
        }
        return q;
    }

    private static int number(String raw, int min, int max, String what) {
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Settings.invalid(RELAYS, "…", what + " is '" + raw + "'; it must be a whole number from " + min + " to " + max);
    }

    private static double rate(String raw) {
        try {
            double v = Double.parseDouble(raw);
            if (v >= 0 && v <= 1_000_000 && !Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Settings.invalid(RATE, raw, "must be messages per second, a number from 0 (no limit) to 1000000, e.g. 50 or 0.5");
    }

    /** {@code 10000/1h}, {@code 600/min}, {@code 50/10s}. */
    static Window window(String raw) {
        Matcher m = WINDOW.matcher(raw.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be MESSAGES/SPAN such as 10000/1h, 600/min or 50/10s");
        }
        String spanText = SPAN_WORDS.getOrDefault(m.group(2).toLowerCase(Locale.ROOT), m.group(2));
        Duration span = Quantities.timeSpan(spanText).orElseThrow(() -> new IllegalArgumentException("needs a span, not unlimited"));
        if (span.toMillis() < 1000 || span.compareTo(Duration.ofDays(7)) > 0 || span.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("needs a span of whole seconds from 1s to 7d");
        }
        long messages = Long.parseLong(m.group(1));
        if (messages < 1) {
            throw new IllegalArgumentException("needs at least 1 message per span (remove the setting for no limit)");
        }
        return new Window(messages, span);
    }

    /** {@code gmail.com=600/min:20, outlook.com=300/min, example.org=:5} (rate and/or messages in flight). */
    static Map<String, DomainLimit> domainLimits(String raw) {
        Map<String, DomainLimit> limits = new LinkedHashMap<>();
        for (String entry : raw.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String domain = eq < 0 ? e : e.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || !DOMAIN.matcher(domain).matches()) {
                throw Settings.invalid(DOMAIN_LIMITS, raw, "entry '" + e + "' must be DOMAIN=MESSAGES/SPAN[:IN_FLIGHT] such as "
                        + "gmail.com=600/min:20, or DOMAIN=:IN_FLIGHT");
            }
            String value = e.substring(eq + 1).strip();
            int colon = value.lastIndexOf(':');
            String ratePart = colon < 0 ? value : value.substring(0, colon).strip();
            String inFlightPart = colon < 0 ? "" : value.substring(colon + 1).strip();
            try {
                Optional<Window> rate = ratePart.isEmpty() ? Optional.empty() : Optional.of(window(ratePart));
                int inFlight = 0;
                if (!inFlightPart.isEmpty()) {
                    inFlight = Integer.parseInt(inFlightPart);
                    if (inFlight < 1 || inFlight > 10_000) {
                        throw new IllegalArgumentException("needs a number of messages in flight from 1 to 10000 after ':'");
                    }
                }
                if (rate.isEmpty() && inFlight == 0) {
                    throw new IllegalArgumentException("sets no limit");
                }
                if (limits.put(domain, new DomainLimit(rate, inFlight)) != null) {
                    throw new IllegalArgumentException("is the second entry for " + domain);
                }
            } catch (NumberFormatException x) {
                throw Settings.invalid(DOMAIN_LIMITS, raw, "entry '" + e + "' needs a whole number of messages in flight after ':'");
            } catch (IllegalArgumentException x) {
                throw Settings.invalid(DOMAIN_LIMITS, raw, "entry '" + e + "' " + x.getMessage());
            }
        }
        return limits;
    }
}
