package app.herald.tracelog;

import app.herald.config.HeraldConfig;
import java.nio.file.Path;

/** Where Herald's own message tracking logs are. */
public final class LogDirectories {
    private LogDirectories() {
    }

    /**
     * The configured log directory. Until the writer's {@code message_tracking_log.path} setting is
     * merged this is its default, {@code data_dir/message-tracking}; switch it here, in one place.
     */
    public static Path configured(HeraldConfig config) {
        return config.dataDir().resolve("message-tracking");
    }
}
