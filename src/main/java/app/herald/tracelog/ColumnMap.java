package app.herald.tracelog;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which column holds which field, as one {@code #Fields:} line (or a known layout) says. Lookups
 * are array indexes because the scanner asks them for every record.
 */
final class ColumnMap {
    private static final ColumnMap[] BY_COUNT = new ColumnMap[31];

    static {
        for (int n : new int[] {26, 27, 30}) {
            BY_COUNT[n] = of(LogLayout.byColumnCount(n).orElseThrow());
        }
    }

    private final List<String> names;
    private final int[] columnOf;

    private ColumnMap(List<String> names) {
        this.names = List.copyOf(names);
        this.columnOf = new int[RecordField.values().length];
        Arrays.fill(columnOf, -1);
        for (int i = 0; i < this.names.size(); i++) {
            int column = i;
            // The first column of a name wins: a repeated name cannot move a field.
            RecordField.byColumn(this.names.get(i)).filter(f -> columnOf[f.ordinal()] < 0)
                    .ifPresent(f -> columnOf[f.ordinal()] = column);
        }
    }

    static ColumnMap of(List<String> names) {
        Objects.requireNonNull(names, "names");
        return new ColumnMap(names);
    }

    /** The layout of a headerless line with this many columns (Exchange 2010, 2013 or 2016/2019). */
    static Optional<ColumnMap> byColumnCount(int columns) {
        return columns < BY_COUNT.length ? Optional.ofNullable(BY_COUNT[columns]) : Optional.empty();
    }

    /** Parses the value of a {@code #Fields:} line: comma-separated names. */
    static ColumnMap parseFields(String value) {
        return of(Arrays.stream(value.split(",", -1)).map(String::strip).toList());
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    /** The column index of this field, or -1 when the layout lacks it (2010 has no network-message-id). */
    int column(RecordField field) {
        return columnOf[field.ordinal()];
    }

    boolean has(RecordField field) {
        return columnOf[field.ordinal()] >= 0;
    }

    /** Whether this layout is one of the known ones chosen by column count rather than a file's header. */
    boolean isByCount() {
        return size() < BY_COUNT.length && BY_COUNT[size()] == this;
    }
}
