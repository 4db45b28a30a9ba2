package app.herald.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The message tracking log's settings, named and defaulted as Exchange 2013's
 * {@code Set-TransportService -MessageTrackingLog*} parameters. Sizes of {@link #UNLIMITED} have no
 * limit; an empty {@code maxAge} means files are never removed for their age.
 */
public record MessageTrackingLogConfig(boolean enabled, Path path, long maxFileSize, long maxDirectorySize,
                                       Optional<Duration> maxAge, boolean subjectLoggingEnabled) {
    public static final long UNLIMITED = Quantities.UNLIMITED;
    public static final long DEFAULT_MAX_FILE_SIZE = 10L << 20;
    public static final long DEFAULT_MAX_DIRECTORY_SIZE = 1000L << 20;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** Smaller files would hold little more than their header. */
    static final long MIN_FILE_SIZE = 1024;

    static final String ENABLED = "message_tracking_log.enabled";
    static final String PATH = "message_tracking_log.path";
    static final String MAX_FILE_SIZE = "message_tracking_log.max_file_size";
    static final String MAX_DIRECTORY_SIZE = "message_tracking_log.max_directory_size";
    static final String MAX_AGE = "message_tracking_log.max_age";
    static final String SUBJECT_LOGGING = "message_tracking_log.subject_logging_enabled";
    static final Set<String> KEYS = Set.of(ENABLED, PATH, MAX_FILE_SIZE, MAX_DIRECTORY_SIZE, MAX_AGE, SUBJECT_LOGGING);

    public MessageTrackingLogConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxFileSize < MIN_FILE_SIZE || maxDirectorySize < maxFileSize) {
            throw new IllegalArgumentException("need " + MIN_FILE_SIZE + " <= maxFileSize <= maxDirectorySize, got "
                    + maxFileSize + " and " + maxDirectorySize);
        }
    }

    /** Exchange's defaults, writing to {@code path}. */
    public static MessageTrackingLogConfig defaults(Path path) {
        return new MessageTrackingLogConfig(true, path, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_DIRECTORY_SIZE,
                Optional.of(DEFAULT_MAX_AGE), true);
    }

    public MessageTrackingLogConfig withPath(Path newPath) {
        return new MessageTrackingLogConfig(enabled, newPath, maxFileSize, maxDirectorySize, maxAge, subjectLoggingEnabled);
    }

    static MessageTrackingLogConfig from(Settings s, Path dataDir) {
        boolean enabled = s.getBoolean(ENABLED, true);
        Path path = s.find(PATH).map(p -> Path.of(p).toAbsolutePath().normalize()).orElse(dataDir.resolve("message-tracking"));
        long maxFile = bytes(s, MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE);
        if (maxFile < MIN_FILE_SIZE) {
            throw Settings.invalid(MAX_FILE_SIZE, s.find(MAX_FILE_SIZE).orElse(""), "must be at least 1KB");
        }
        long maxDirectory = bytes(s, MAX_DIRECTORY_SIZE, DEFAULT_MAX_DIRECTORY_SIZE);
        if (maxDirectory < maxFile) {
            throw Settings.invalid(MAX_DIRECTORY_SIZE, s.find(MAX_DIRECTORY_SIZE).orElse("1000MB"),
                    "must not be smaller than " + MAX_FILE_SIZE + " (" + Settings.envName(MAX_FILE_SIZE) + ") = "
                            + s.find(MAX_FILE_SIZE).orElse("10MB"));
        }
        Optional<Duration> maxAge = Optional.of(DEFAULT_MAX_AGE);
        Optional<String> rawAge = s.find(MAX_AGE);
        if (rawAge.isPresent()) {
            try {
                maxAge = Quantities.timeSpan(rawAge.get());
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(MAX_AGE, rawAge.get(), e.getMessage());
            }
        }
        return new MessageTrackingLogConfig(enabled, path, maxFile, maxDirectory, maxAge, s.getBoolean(SUBJECT_LOGGING, true));
    }

    private static long bytes(Settings s, String key, long fallback) {
        Optional<String> raw = s.find(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Quantities.bytes(raw.get());
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(key, raw.get(), e.getMessage());
        }
    }
}
