package app.herald.tracelog;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tracking log file by its name: {@code <PREFIX><yyyyMMdd[HH]>-<N>.log}, any case. Only names
 * that match the whole pattern are log files; the writer counts and deletes nothing else. The
 * prefix is taken from the whole match, so {@code MSGTRKMD20250101-1.log} is an MSGTRKMD file and
 * never an MSGTRK one.
 */
record InstanceFile(Path path, LogLayout.Prefix prefix, String date, long instance) {
    private static final Pattern NAME = Pattern.compile("(MSGTRK|MSGTRKMA|MSGTRKMD|MSGTRKMS)(\\d{8,10})-(\\d{1,18})\\.log",
            Pattern.CASE_INSENSITIVE);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    /** Oldest first: by the date in the name (8 or 10 digits compare as their first 8), then by instance. */
    static final Comparator<InstanceFile> NAME_ORDER = Comparator.comparing((InstanceFile f) -> f.date().substring(0, 8))
            .thenComparing(InstanceFile::date).thenComparingLong(InstanceFile::instance);

    InstanceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(date, "date");
    }

    static Optional<InstanceFile> parse(Path path) {
        Path name = path.getFileName();
        Matcher m = name == null ? null : NAME.matcher(name.toString());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        LogLayout.Prefix prefix = LogLayout.Prefix.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        return Optional.of(new InstanceFile(path, prefix, m.group(2), Long.parseLong(m.group(3))));
    }

    static String name(LogLayout.Prefix prefix, LocalDate day, long instance) {
        return prefix.name() + DAY.format(day) + "-" + instance + ".log";
    }
}
