package app.herald.tracelog;

import java.util.Objects;

/** A line the reader skipped: which file, which line (1-based, header lines counted) and why. */
public record MalformedLine(String file, long line, String reason) {
    public MalformedLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
