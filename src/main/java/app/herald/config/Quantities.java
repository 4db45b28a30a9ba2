package app.herald.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes and time spans written the way Exchange admins write them, so that values copied
 * from {@code Get-TransportService} work as they are. Each parser throws
 * {@link IllegalArgumentException} with the problem in words; the caller adds key and variable.
 */
final class Quantities {
    /** A size of {@code unlimited}. */
    static final long UNLIMITED = Long.MAX_VALUE;

    // "10MB", "1.5 gb", "512", and Exchange's display form "10 MB (10,485,760 bytes)"
    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB)?(?:\\s*\\(([\\d,]+) bytes\\))?", Pattern.CASE_INSENSITIVE);
    // .NET TimeSpan: [d.]hh:mm:ss
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})");
    private static final Pattern SHORT_SPAN = Pattern.compile("(\\d+)\\s*([dhms])", Pattern.CASE_INSENSITIVE);

    private Quantities() {
    }

    /** Bytes, 1024-based units (B, KB, MB, GB, TB, any case, decimals allowed), or {@link #UNLIMITED}. */
    static long bytes(String raw) {
        String s = raw.strip();
        if (s.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size; write it like 10MB, 1.5GB, 500KB, 4096B or unlimited");
        }
        if (m.group(3) != null) {
            return exact(m.group(3).replace(",", ""));
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "B" -> 0;
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 40;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).setScale(0, RoundingMode.DOWN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            throw new IllegalArgumentException("is too large; use unlimited for no limit");
        }
        return bytes.longValueExact();
    }

    private static long exact(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large; use unlimited for no limit");
        }
    }

    /**
     * A time span as .NET writes it ({@code 30.00:00:00}, {@code 12:00:00}) or short ({@code 30d},
     * {@code 12h}, {@code 90m}, {@code 45s}). Empty for {@code unlimited} and for a zero span,
     * which Exchange also takes to mean "no limit".
     */
    static Optional<Duration> timeSpan(String raw) {
        String s = raw.strip();
        if (s.equalsIgnoreCase("unlimited")) {
            return Optional.empty();
        }
        Duration d;
        Matcher span = TIME_SPAN.matcher(s);
        Matcher shortSpan = SHORT_SPAN.matcher(s);
        try {
            if (span.matches()) {
                d = fromParts(span);
            } else if (shortSpan.matches()) {
                long n = Long.parseLong(shortSpan.group(1));
                d = switch (shortSpan.group(2).toLowerCase(Locale.ROOT)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            } else {
                throw new IllegalArgumentException("is not a time span; write it like 30.00:00:00 (days.hours:minutes:seconds), "
                        + "30d, 12h, 90m, 45s or unlimited");
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too long a time span; use unlimited for no limit");
        }
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    private static Duration fromParts(Matcher m) {
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        int hours = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        int seconds = Integer.parseInt(m.group(4));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("has hours above 23 or minutes or seconds above 59; write more than a day as "
                    + "days.hours:minutes:seconds, e.g. 30.00:00:00");
        }
        return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    }
}
