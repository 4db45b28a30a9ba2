package app.herald.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Opens and clicks over time, in consecutive UTC buckets of one size ({@code minute}, {@code hour}
 * or {@code day}) from the first to the last bucket with activity; empty buckets are included as
 * zeros so a chart can draw them directly.
 */
public record Timeline(long campaignId, String bucket, List<Point> points) {
    public Timeline {
        Objects.requireNonNull(bucket, "bucket");
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }

    public record Point(Instant start, long opens, long clicks) {
        public Point {
            Objects.requireNonNull(start, "start");
        }
    }
}
