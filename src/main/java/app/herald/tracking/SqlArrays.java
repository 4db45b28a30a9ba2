package app.herald.tracking;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;

/**
 * Lists bound as arrays sent in binary. pgjdbc sends a {@code Long[]}, {@code Integer[]} or
 * {@code String[]} given to {@code setObject} in binary form; Jdbi's {@code bindArray} goes through
 * {@code Connection.createArrayOf}, which writes every element as escaped text for the server to
 * parse again (the largest part of the hit writer's own CPU once batches were large). Nulls are kept:
 * an open has no link number.
 */
final class SqlArrays {
    private SqlArrays() {
    }

    static Argument int8(List<Long> values) {
        return of(values.toArray(Long[]::new));
    }

    static <T> Argument int8(List<T> items, Function<T, Long> f) {
        return of(items.stream().map(f).toArray(Long[]::new));
    }

    static <T> Argument int4(List<T> items, Function<T, Integer> f) {
        return of(items.stream().map(f).toArray(Integer[]::new));
    }

    static <T> Argument text(List<T> items, Function<T, String> f) {
        return of(items.stream().map(f).toArray(String[]::new));
    }

    /** Times as microseconds since the Unix epoch, rounded as {@link BinaryCopy#unixMicros} does; the SQL turns them back. */
    static <T> Argument micros(List<T> items, Function<T, Instant> f) {
        return of(items.stream().map(f).map(t -> t == null ? null : BinaryCopy.unixMicros(t)).toArray(Long[]::new));
    }

    private static Argument of(Object[] values) {
        return (position, statement, ctx) -> statement.setObject(position, values);
    }
}
