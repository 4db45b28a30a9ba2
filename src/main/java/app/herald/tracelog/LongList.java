package app.herald.tracelog;

import java.util.Arrays;

/** A growable array of longs: the index builder keeps millions of them, boxing would double its memory. */
final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    long get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    void sort() {
        Arrays.sort(values, 0, size);
    }

    long[] array() {
        return values;
    }
}
