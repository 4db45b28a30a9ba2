package app.herald.tracelog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The message tracking logs of a directory, in time order: files named as Exchange names them
 * (MSGTRK, MSGTRKMA, MSGTRKMD, MSGTRKMS + yyyymmdd or yyyymmddhh + -N, .log in any case) by date,
 * then instance, then prefix; then other {@code .log} files whose first line is a tracking log
 * header or record, by name. Everything else in the directory is ignored.
 */
final class LogFiles {
    private static final Pattern NAME = Pattern.compile("(MSGTRK(?:MA|MD|MS)?)(\\d{8}|\\d{10})-(\\d+)\\.log",
            Pattern.CASE_INSENSITIVE);
    /**
     * Date, instance, prefix, name. Written out rather than composed with Comparator.comparingLong
     * and thenComparing: those lambdas live in java.util.Comparator, which the launcher's AOT cache
     * does not hold, so each made `herald trace` generate a class at run time (this and the other
     * comparators of a search: ~100 methods more to interpret and compile).
     */
    private static final Comparator<LogFile> ORDER = (a, b) -> {
        int c = Long.compare(a.date(), b.date());
        if (c == 0) {
            c = Long.compare(a.instance(), b.instance());
        }
        if (c == 0) {
            c = a.prefix().compareTo(b.prefix());
        }
        return c != 0 ? c : a.name().compareTo(b.name());
    };

    /** One log file as listed: its attributes at that moment are what a search reads and indexes. */
    record LogFile(Path path, String name, String prefix, long date, long instance, long size, long modified) {
        LogFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    private LogFiles() {
    }

    static List<LogFile> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TraceLogException("message tracking log directory " + dir + " does not exist or is not a directory;"
                    + " give the directory with --log-dir or set message_tracking_log.path");
        }
        List<LogFile> named = new ArrayList<>();
        List<LogFile> other = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                classify(p, named, other);
            }
        } catch (IOException e) {
            throw new TraceLogException("cannot list message tracking log directory " + dir + ": " + e.getMessage(), e);
        }
        named.sort(ORDER);
        other.sort((a, b) -> a.name().compareTo(b.name()));
        named.addAll(other);
        return List.copyOf(named);
    }

    private static void classify(Path p, List<LogFile> named, List<LogFile> other) throws IOException {
        String name = p.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".log")) {
            return;
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // deleted by rotation while we listed
        }
        if (!a.isRegularFile()) {
            return;
        }
        long size = a.size();
        long modified = a.lastModifiedTime().toMillis();
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            String date = m.group(2).length() == 8 ? m.group(2) + "00" : m.group(2);
            named.add(new LogFile(p, name, m.group(1).toUpperCase(Locale.ROOT), Long.parseLong(date),
                    Long.parseLong(m.group(3)), size, modified));
        } else if (looksLikeTrackingLog(p)) {
            other.add(new LogFile(p, name, "", Long.MAX_VALUE, 0, size, modified));
        }
    }

    /** A foreign name: read it only if it starts like a tracking log, so other logs in the directory are left alone. */
    static boolean looksLikeTrackingLog(Path p) {
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(512);
        } catch (IOException e) {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("#software:") || lower.startsWith("#fields: date-time") || lower.startsWith("#log-type: message tracking")
                || lower.startsWith("#version:")) {
            return true;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int comma = text.indexOf(',');
        return comma > 0 && LogTimes.parse(b, 0, text.substring(0, comma).getBytes(StandardCharsets.UTF_8).length) != LogTimes.INVALID;
    }
}
