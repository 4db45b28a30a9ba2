package app.herald.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time axis of a timeline chart for each bucket size of {@code Reports.timeline}: how a bucket
 * is labelled and which buckets get a label. Labels fall on round times in UTC (09:00, 12:00,
 * 15:00 rather than 08:00, 15:00, 22:00), a few per chart.
 */
enum TimeAxis {
    MINUTE("minute", ChronoUnit.MINUTES, "HH:mm", "yyyy-MM-dd HH:mm", new long[] {1, 2, 5, 10, 15, 30, 60, 120, 180, 360}),
    HOUR("hour", ChronoUnit.HOURS, "MM-dd HH:mm", "yyyy-MM-dd HH:mm", new long[] {1, 2, 3, 6, 12, 24, 48, 72, 168}),
    DAY("day", ChronoUnit.DAYS, "yyyy-MM-dd", "yyyy-MM-dd", new long[] {1, 2, 7, 14, 28, 56, 91, 182, 364, 728});

    static final int MAX_LABELS = 7;

    private final String bucket;
    private final ChronoUnit unit;
    private final DateTimeFormatter label;
    private final DateTimeFormatter full;
    /** Steps between labels, in buckets, from the finest up. */
    private final long[] steps;

    TimeAxis(String bucket, ChronoUnit unit, String label, String full, long[] steps) {
        this.bucket = bucket;
        this.unit = unit;
        this.label = DateTimeFormatter.ofPattern(label, Locale.ROOT).withZone(ZoneOffset.UTC);
        this.full = DateTimeFormatter.ofPattern(full, Locale.ROOT).withZone(ZoneOffset.UTC);
        this.steps = steps;
    }

    static TimeAxis of(String bucket) {
        for (TimeAxis axis : values()) {
            if (axis.bucket.equals(bucket)) {
                return axis;
            }
        }
        throw new IllegalArgumentException("timeline bucket '" + bucket + "' is none of minute, hour, day");
    }

    /** The short label under the axis (the chart says UTC once). */
    String label(Instant start) {
        return label.format(start);
    }

    /** The bucket's start in full, for its tooltip. */
    String full(Instant start) {
        return full.format(start);
    }

    /** Indexes of the buckets to label: those whose start is a multiple of the step since the epoch. */
    List<Integer> labelled(List<Instant> starts) {
        long step = step(starts.size(), steps);
        List<Integer> labelled = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            if (Math.floorMod(unit.between(Instant.EPOCH, starts.get(i)), step) == 0) {
                labelled.add(i);
            }
        }
        return labelled;
    }

    /** The smallest step that labels at most {@value #MAX_LABELS} of {@code buckets} consecutive buckets. */
    static long step(int buckets, long[] steps) {
        for (long step : steps) {
            // Aligned labels land on every step-th bucket; the first may come at once, so count one more.
            if ((buckets - 1) / step + 1 <= MAX_LABELS) {
                return step;
            }
        }
        long largest = steps[steps.length - 1];
        return largest * (long) Math.ceil((buckets - 1) / (double) (largest * (MAX_LABELS - 1)));
    }
}
