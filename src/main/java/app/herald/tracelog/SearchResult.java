package app.herald.tracelog;

import java.util.List;
import java.util.Objects;

/**
 * What a search found: the matching records in time order (at most the result size), whether more
 * matched than were returned, and every malformed line met in the directory's files.
 */
public record SearchResult(List<LogRecord> records, boolean moreAvailable, List<MalformedLine> malformed, Stats stats) {
    /** Exchange's own words when more records match than ResultSize allows. */
    public static final String MORE_AVAILABLE_WARNING = "WARNING: There are more results available than are currently displayed."
            + " To view them, increase the value for the ResultSize parameter.";

    public SearchResult {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        malformed = List.copyOf(Objects.requireNonNull(malformed, "malformed"));
        Objects.requireNonNull(stats, "stats");
    }

    /** How the files were searched: read whole, answered through their index, or skipped by time. */
    public record Stats(int files, int scanned, int indexed, int skipped, long bytesScanned) {
    }
}
