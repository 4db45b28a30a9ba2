package app.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTrackingLogConfigTest {
    @Test
    void hasExchangesDefaultsUnderTheDataDirectory() {
        HeraldConfig c = load(Map.of("HERALD_DATA_DIR", "/srv/herald"));
        assertThat(c.messageTrackingLog()).isEqualTo(new MessageTrackingLogConfig(true, Path.of("/srv/herald/message-tracking"),
                10L << 20, 1000L << 20, Optional.of(Duration.ofDays(30)), true));
    }

    @Test
    void readsEveryVariable() {
        HeraldConfig c = load(Map.of(
                "HERALD_MESSAGE_TRACKING_LOG_ENABLED", "false",
                "HERALD_MESSAGE_TRACKING_LOG_PATH", "/var/log/herald/tracking",
                "HERALD_MESSAGE_TRACKING_LOG_MAX_FILE_SIZE", "1.5MB",
                "HERALD_MESSAGE_TRACKING_LOG_MAX_DIRECTORY_SIZE", "unlimited",
                "HERALD_MESSAGE_TRACKING_LOG_MAX_AGE", "7.00:00:00",
                "HERALD_MESSAGE_TRACKING_LOG_SUBJECT_LOGGING_ENABLED", "false"));
        assertThat(c.messageTrackingLog()).isEqualTo(new MessageTrackingLogConfig(false, Path.of("/var/log/herald/tracking"),
                1536L * 1024, MessageTrackingLogConfig.UNLIMITED, Optional.of(Duration.ofDays(7)), false));
    }

    @Test
    void readsTheSettingsFromTheFileUnderTheirKeys() {
        HeraldConfig c = HeraldConfig.from(Settings.of(Map.of("message_tracking_log.max_age", "12h",
                "message_tracking_log.max_file_size", "2GB", "message_tracking_log.max_directory_size", "4GB")));
        assertThat(c.messageTrackingLog().maxAge()).contains(Duration.ofHours(12));
        assertThat(c.messageTrackingLog().maxFileSize()).isEqualTo(2L << 30);
        assertThat(HeraldConfig.KEYS).contains("message_tracking_log.enabled", "message_tracking_log.path",
                "message_tracking_log.max_file_size", "message_tracking_log.max_directory_size", "message_tracking_log.max_age",
                "message_tracking_log.subject_logging_enabled");
    }

    @Test
    void rejectsABadSizeNamingTheKeyAndVariable() {
        assertThatThrownBy(() -> load(Map.of("HERALD_MESSAGE_TRACKING_LOG_MAX_FILE_SIZE", "10 parsecs")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("message_tracking_log.max_file_size")
                .hasMessageContaining("HERALD_MESSAGE_TRACKING_LOG_MAX_FILE_SIZE")
                .hasMessageContaining("10 parsecs");
    }

    @Test
    void rejectsABadAgeNamingTheKeyAndVariable() {
        assertThatThrownBy(() -> load(Map.of("HERALD_MESSAGE_TRACKING_LOG_MAX_AGE", "a month")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("message_tracking_log.max_age")
                .hasMessageContaining("HERALD_MESSAGE_TRACKING_LOG_MAX_AGE")
                .hasMessageContaining("30.00:00:00");
    }

    @Test
    void rejectsAFileSizeBelowOneKilobyte() {
        assertThatThrownBy(() -> load(Map.of("HERALD_MESSAGE_TRACKING_LOG_MAX_FILE_SIZE", "100B")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_MESSAGE_TRACKING_LOG_MAX_FILE_SIZE").hasMessageContaining("at least 1KB");
    }

    @Test
    void rejectsADirectorySmallerThanOneFile() {
        assertThatThrownBy(() -> load(Map.of("HERALD_MESSAGE_TRACKING_LOG_MAX_DIRECTORY_SIZE", "5MB")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_MESSAGE_TRACKING_LOG_MAX_DIRECTORY_SIZE")
                .hasMessageContaining("message_tracking_log.max_file_size");
    }

    @Test
    void rejectsAnEnabledFlagThatIsNotABoolean() {
        assertThatThrownBy(() -> load(Map.of("HERALD_MESSAGE_TRACKING_LOG_ENABLED", "sometimes")))
                .hasMessageContaining("HERALD_MESSAGE_TRACKING_LOG_ENABLED");
    }

    private static HeraldConfig load(Map<String, String> env) {
        return HeraldConfig.from(Settings.load(Optional.empty(), env, Map.of(), HeraldConfig.KEYS));
    }
}
