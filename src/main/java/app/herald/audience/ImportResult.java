package app.herald.audience;

import java.util.List;
import java.util.Objects;

/**
 * What a CSV import did. {@code imported} counts the contacts it created, {@code updated} the
 * contacts the file named that already existed (whether or not a value changed); a contact on
 * several rows of one file counts once. {@code rejected} lists the first 10,000 rejected rows in
 * file order, so that a file of garbage cannot exhaust memory; {@code rejectedTotal} counts them all.
 */
public record ImportResult(long imported, long updated, List<Rejection> rejected, long rejectedTotal) {
    public ImportResult {
        rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
        if (rejectedTotal < rejected.size()) {
            throw new IllegalArgumentException("rejectedTotal " + rejectedTotal + " < reported rejections " + rejected.size());
        }
    }
}
