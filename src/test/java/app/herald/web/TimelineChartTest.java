package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.report.Timeline;
import app.herald.report.Timeline.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class TimelineChartTest {
    private static final TimelineChart.Labels LABELS = new TimelineChart.Labels(
            "Opens and clicks over time", "Opens", "Clicks", "Per minute · UTC", "No opens or clicks yet.");

    @Test
    void drawsOneLineForOpensAndOneForClicks() {
        Document svg = draw(timeline("minute", point("2025-05-06T09:00:00Z", 3, 0),
                point("2025-05-06T09:01:00Z", 0, 0), point("2025-05-06T09:02:00Z", 1, 2)));

        Element opens = svg.selectFirst("g[data-series=opens] polyline");
        Element clicks = svg.selectFirst("g[data-series=clicks] polyline");
        assertThat(ys(opens)).hasSize(3);
        assertThat(ys(clicks)).hasSize(3);
        assertThat(opens.attr("stroke")).isNotEqualTo(clicks.attr("stroke"));
        assertThat(svg.select("g[data-series=opens] circle")).hasSize(3);
    }

    @Test
    void higherCountsAreDrawnHigher() {
        Document svg = draw(timeline("minute", point("2025-05-06T09:00:00Z", 3, 0),
                point("2025-05-06T09:01:00Z", 0, 0), point("2025-05-06T09:02:00Z", 1, 2)));

        double[] opens = ys(svg.selectFirst("g[data-series=opens] polyline"));
        double[] clicks = ys(svg.selectFirst("g[data-series=clicks] polyline"));
        // SVG y grows downwards: 3 opens sit above 1 open, which sits above 0.
        assertThat(opens[0]).isLessThan(opens[2]);
        assertThat(opens[2]).isLessThan(opens[1]);
        assertThat(clicks[0]).isEqualTo(opens[1]);
        assertThat(clicks[2]).isLessThan(clicks[0]);
    }

    @Test
    void labelsTheValueAxisWithRoundSteps() {
        Document svg = draw(timeline("hour", point("2025-05-06T09:00:00Z", 17, 4), point("2025-05-06T10:00:00Z", 2, 1)));

        assertThat(svg.select("g.y-axis text").eachText()).containsExactly("0", "5", "10", "15", "20");
        assertThat(TimelineChart.step(0)).isEqualTo(1);
        assertThat(TimelineChart.step(5)).isEqualTo(1);
        assertThat(TimelineChart.step(7)).isEqualTo(2);
        assertThat(TimelineChart.step(1_234)).isEqualTo(500);
    }

    @Test
    void groupsThousandsOnTheValueAxis() {
        Document svg = draw(timeline("day", point("2025-05-06T00:00:00Z", 12_000, 300)));

        assertThat(svg.select("g.y-axis text").eachText()).containsExactly("0", "5,000", "10,000", "15,000");
    }

    @Test
    void labelsTimesInUtcAccordingToTheBucket() {
        assertThat(draw(timeline("minute", point("2025-05-06T23:58:00Z", 1, 0), point("2025-05-06T23:59:00Z", 1, 0)))
                .select("g.x-axis text").eachText()).containsExactly("23:58", "23:59");
        assertThat(draw(timeline("hour", point("2025-05-06T09:00:00Z", 1, 0))).select("g.x-axis text").eachText())
                .containsExactly("05-06 09:00");
        assertThat(draw(timeline("day", point("2025-05-06T00:00:00Z", 1, 0))).select("g.x-axis text").eachText())
                .containsExactly("2025-05-06");
    }

    @Test
    void putsTimeLabelsOnRoundTimes() {
        List<Point> minutes = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            minutes.add(new Point(Instant.parse("2025-05-06T09:03:00Z").plusSeconds(60L * i), 1, 0));
        }
        List<Point> hours = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            hours.add(new Point(Instant.parse("2025-05-06T09:00:00Z").plusSeconds(3600L * i), 1, 0));
        }

        assertThat(draw(new Timeline(1, "minute", minutes)).select("g.x-axis text").eachText())
                .containsExactly("09:10", "09:20", "09:30", "09:40");
        assertThat(draw(new Timeline(1, "hour", hours)).select("g.x-axis text").eachText())
                .containsExactly("05-06 10:00", "05-06 12:00", "05-06 14:00", "05-06 16:00");
        assertThat(TimeAxis.step(5_000, new long[] {1, 7})).isEqualTo(840);
    }

    @Test
    void rejectsABucketItDoesNotKnow() {
        assertThatThrownBy(() -> draw(timeline("week", point("2025-05-06T00:00:00Z", 1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'week'");
    }

    @Test
    void keepsTimeLabelsFewOnALongTimeline() {
        List<Point> points = new ArrayList<>();
        Instant start = Instant.parse("2025-05-06T00:00:00Z");
        for (int i = 0; i < 336; i++) {
            points.add(new Point(start.plusSeconds(3600L * i), i % 7, i % 3));
        }
        Document svg = draw(new Timeline(1, "hour", points));

        assertThat(svg.select("g.x-axis text")).hasSizeBetween(5, 7);
        assertThat(svg.select("g.columns rect")).hasSize(336);
        assertThat(svg.select("g.series circle")).as("no dots on a dense line").isEmpty();
        assertThat(ys(svg.selectFirst("g[data-series=clicks] polyline"))).hasSize(336);
    }

    @Test
    void drawsASinglePointAsDotsInTheMiddle() {
        Document svg = draw(timeline("minute", point("2025-05-06T09:00:00Z", 4, 1)));

        Elements dots = svg.select("g.series circle");
        assertThat(dots).hasSize(2);
        double x = Double.parseDouble(dots.first().attr("cx"));
        assertThat(x).isCloseTo(56 + (960 - 56 - 16) / 2.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(svg.select("polygon.area")).isEmpty();
    }

    @Test
    void saysSoWhenThereIsNothingToDraw() {
        Document svg = draw(new Timeline(1, "minute", List.of()));

        assertThat(svg.selectFirst("svg").attr("role")).isEqualTo("img");
        assertThat(svg.select("title").text()).isEqualTo("Opens and clicks over time");
        assertThat(svg.select("text.note").text()).isEqualTo("No opens or clicks yet.");
        assertThat(svg.select("g.series")).isEmpty();
    }

    @Test
    void isAnAccessibleImageWithATitleADescriptionAndALegend() {
        Document svg = draw(timeline("minute", point("2025-05-06T09:00:00Z", 3, 0), point("2025-05-06T09:01:00Z", 2, 5)));

        Element root = svg.selectFirst("svg");
        assertThat(root.attr("role")).isEqualTo("img");
        assertThat(root.attr("aria-labelledby")).isEqualTo("timeline-title timeline-desc");
        assertThat(svg.selectFirst("title#timeline-title").text()).isEqualTo("Opens and clicks over time");
        assertThat(svg.selectFirst("desc#timeline-desc").text())
                .contains("Opens: 5", "Clicks: 5", "Per minute · UTC", "2025-05-06 09:00 – 2025-05-06 09:01 UTC");
        assertThat(svg.select("g.legend text").eachText()).containsExactly("Opens", "Clicks");
        assertThat(svg.select("g.columns rect title").eachText())
                .containsExactly("2025-05-06 09:00 UTC — Opens: 3, Clicks: 0", "2025-05-06 09:01 UTC — Opens: 2, Clicks: 5");
    }

    @Test
    void escapesEveryLabel() {
        TimelineChart.Labels hostile = new TimelineChart.Labels("<script>alert(1)</script>", "O\"pens", "<b>Clicks</b>",
                "a & b", "'none'");

        String drawn = TimelineChart.svg(timeline("minute", point("2025-05-06T09:00:00Z", 1, 1)), hostile);
        String empty = TimelineChart.svg(new Timeline(1, "minute", List.of()), hostile);

        assertThat(drawn).doesNotContain("<script>", "<b>", "O\"pens", "a & b")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "O&quot;pens", "&lt;b&gt;Clicks&lt;/b&gt;", "a &amp; b");
        assertThat(empty).doesNotContain("<script>", "'none'").contains("&#39;none&#39;");
        assertThat(Jsoup.parse(drawn, "", Parser.xmlParser()).select("g.legend text").eachText()).containsExactly("O\"pens", "<b>Clicks</b>");
    }

    private static Document draw(Timeline timeline) {
        return Jsoup.parse(TimelineChart.svg(timeline, LABELS), "", Parser.xmlParser());
    }

    private static Timeline timeline(String bucket, Point... points) {
        return new Timeline(1, bucket, List.of(points));
    }

    private static Point point(String start, long opens, long clicks) {
        return new Point(Instant.parse(start), opens, clicks);
    }

    private static double[] ys(Element polyline) {
        return Arrays.stream(polyline.attr("points").split(" ")).mapToDouble(p -> Double.parseDouble(p.split(",")[1])).toArray();
    }
}
