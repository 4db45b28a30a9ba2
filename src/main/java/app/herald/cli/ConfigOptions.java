package app.herald.cli;

import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares: where the configuration comes from. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, description = "configuration file (default: ./herald.yml when it exists)")
    Path configFile;

    @Option(names = "--set", description = "override one setting, e.g. --set smtp.host=relay.example.com", paramLabel = "KEY=VALUE")
    Map<String, String> overrides = new LinkedHashMap<>();

    HeraldConfig load() {
        return load(Map.of());
    }

    /** Loads file, then environment, then the command's own defaults, then --set (highest). */
    HeraldConfig load(Map<String, String> commandDefaults) {
        Optional<Path> file = Optional.ofNullable(configFile);
        if (file.isEmpty() && Files.exists(Path.of("herald.yml"))) {
            file = Optional.of(Path.of("herald.yml"));
        }
        Map<String, String> env = System.getenv();
        Map<String, String> layered = new LinkedHashMap<>();
        commandDefaults.forEach((k, v) -> {
            if (!env.containsKey(Settings.envName(k))) {
                layered.put(k, v);
            }
        });
        layered.putAll(overrides);
        return HeraldConfig.from(Settings.load(file, env, layered, HeraldConfig.KEYS));
    }
}
