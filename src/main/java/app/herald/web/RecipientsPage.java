package app.herald.web;

import app.herald.report.RecipientRow;
import java.util.List;
import java.util.Objects;

/**
 * One page of a campaign's recipient table: the rows from {@code offset}, at most {@code size} of
 * them, and whether more follow. Public because templates read it.
 */
public record RecipientsPage(List<RecipientRow> rows, int offset, int size, boolean hasMore) {
    public RecipientsPage {
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    }

    /** The page of {@code size} rows from {@code offset}, given up to one row more than that (which says more follow). */
    static RecipientsPage of(List<RecipientRow> fetched, int offset, int size) {
        boolean more = fetched.size() > size;
        return new RecipientsPage(more ? fetched.subList(0, size) : fetched, offset, size, more);
    }

    /** Position of the first row on this page, counting from 1. */
    public int first() {
        return offset + 1;
    }

    public int last() {
        return offset + rows.size();
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public int previousOffset() {
        return Math.max(0, offset - size);
    }

    public int nextOffset() {
        return offset + size;
    }
}
