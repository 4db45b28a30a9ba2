package app.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Raw configuration: dotted keys ({@code smtp.host}) taken from herald.yml, then overridden by
 * environment variables ({@code HERALD_SMTP_HOST}), then by command-line flags. Typed getters
 * name the key and its environment variable in every error, so an operator knows what to fix.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Layers the sources. Keys in the file that Herald does not know are rejected (a typo must not
     * silently fall back to a default); unknown HERALD_* variables are ignored because the
     * launcher and operators use that prefix for other things too.
     */
    public static Settings load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides, Set<String> knownKeys) {
        Map<String, String> merged = new TreeMap<>();
        file.ifPresent(f -> merged.putAll(readYaml(f, knownKeys)));
        for (String key : knownKeys) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                merged.put(key, fromEnv);
            }
        }
        for (var e : overrides.entrySet()) {
            if (!knownKeys.contains(e.getKey())) {
                throw new ConfigException("unknown setting '" + e.getKey() + "'");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** {@code smtp.host} is set by {@code HERALD_SMTP_HOST}. */
    public static String envName(String key) {
        return "HERALD_" + key.toUpperCase().replace('.', '_');
    }

    public Optional<String> find(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key, int fallback, int min, int max) {
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v < min || v > max) {
                throw invalid(key, raw.get(), "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, raw.get(), "must be a whole number");
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, raw.get(), "must be true or false");
        };
    }

    public static ConfigException invalid(String key, String value, String problem) {
        return new ConfigException("invalid setting " + key + " (" + envName(key) + ") = '" + value + "': " + problem);
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static Map<String, String> readYaml(Path file, Set<String> knownKeys) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException("configuration file " + file + " must hold a mapping of settings");
            }
            flatten("", root, flat);
        }
        for (String key : flat.keySet()) {
            if (!knownKeys.contains(key)) {
                throw new ConfigException("unknown setting '" + key + "' in " + file + "; known settings: " + new TreeMap<>(
                        knownKeys.stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> ""))).keySet());
            }
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray()) {
            // a list of plain values (smtp.relays, delivery.domain_limits) is the comma-separated form
            java.util.List<String> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            into.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            into.put(prefix, node.asText());
        }
    }
}
