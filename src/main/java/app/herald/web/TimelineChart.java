package app.herald.web;

import app.herald.report.Timeline;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Draws a campaign's opens and clicks over time as an inline SVG: the UI allows no script, so the
 * chart is drawn on the server. A pure function of the timeline and the (already translated)
 * labels; every text it writes is escaped here, because the template inserts the result as is.
 *
 * <p>Each bucket is a column: the series pass through the column centres, so one bucket draws as
 * two dots in the middle. Hovering a column shows its time and both counts (an SVG {@code <title>}).
 */
final class TimelineChart {
    static final String OPENS_COLOUR = "#2458d6";
    static final String CLICKS_COLOUR = "#e8710a";

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int EMPTY_HEIGHT = 140;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 44;
    private static final int BOTTOM = 36;
    /** Above this many buckets, dots would merge into the line; the hover columns still show each value. */
    private static final int MAX_DOTS = 24;

    /**
     * The chart's words in the page's language. {@code title} names the chart for screen readers,
     * {@code scale} says the bucket size and the time zone (shown top right).
     */
    record Labels(String title, String opens, String clicks, String scale, String empty) {
        Labels {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(opens, "opens");
            Objects.requireNonNull(clicks, "clicks");
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(empty, "empty");
        }
    }

    private TimelineChart() {
    }

    static String svg(Timeline timeline, Labels labels) {
        List<Timeline.Point> points = timeline.points();
        if (points.isEmpty()) {
            return empty(labels);
        }
        long max = points.stream().mapToLong(p -> Math.max(p.opens(), p.clicks())).max().orElse(0);
        long step = step(max);
        long top = Math.max(step, ceilDiv(max, step) * step);
        Plot plot = new Plot(points.size(), top);

        StringBuilder svg = new StringBuilder(8_192);
        svg.append("<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\">");
        svg.append("<title id=\"timeline-title\">").append(escape(labels.title())).append("</title>");
        svg.append("<desc id=\"timeline-desc\">").append(escape(description(timeline, labels))).append("</desc>");
        legend(svg, labels);
        yAxis(svg, plot, step);
        TimeAxis axis = TimeAxis.of(timeline.bucket());
        xAxis(svg, plot, points, axis);
        area(svg, plot, points);
        series(svg, plot, points, "opens", OPENS_COLOUR, Timeline.Point::opens);
        series(svg, plot, points, "clicks", CLICKS_COLOUR, Timeline.Point::clicks);
        columns(svg, plot, points, axis, labels);
        return svg.append("</svg>").toString();
    }

    /** Where things go: columns of equal width across the plot, values from 0 at the bottom to {@code top}. */
    private record Plot(int buckets, long top) {
        double plotWidth() {
            return WIDTH - LEFT - RIGHT;
        }

        double plotHeight() {
            return HEIGHT - TOP - BOTTOM;
        }

        double columnWidth() {
            return plotWidth() / buckets;
        }

        double x(int i) {
            return LEFT + (i + 0.5) * columnWidth();
        }

        double y(long value) {
            return TOP + plotHeight() - value * plotHeight() / top;
        }

        double baseline() {
            return TOP + plotHeight();
        }
    }

    private static String empty(Labels labels) {
        double mid = EMPTY_HEIGHT / 2.0;
        return "<svg class=\"chart timeline empty\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + WIDTH + " " + EMPTY_HEIGHT
                + "\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\">"
                + "<title id=\"timeline-title\">" + escape(labels.title()) + "</title>"
                + "<desc id=\"timeline-desc\">" + escape(labels.empty()) + "</desc>"
                + "<line class=\"axis\" x1=\"" + LEFT + "\" x2=\"" + (WIDTH - RIGHT) + "\" y1=\"" + (EMPTY_HEIGHT - 24)
                + "\" y2=\"" + (EMPTY_HEIGHT - 24) + "\" stroke=\"#c5ccd8\" stroke-dasharray=\"4 4\"/>"
                + "<text class=\"note\" x=\"" + WIDTH / 2 + "\" y=\"" + num(mid) + "\" text-anchor=\"middle\">"
                + escape(labels.empty()) + "</text></svg>";
    }

    private static String description(Timeline timeline, Labels labels) {
        List<Timeline.Point> points = timeline.points();
        long opens = points.stream().mapToLong(Timeline.Point::opens).sum();
        long clicks = points.stream().mapToLong(Timeline.Point::clicks).sum();
        return labels.opens() + ": " + count(opens) + ", " + labels.clicks() + ": " + count(clicks) + "; "
                + labels.scale() + "; " + TimeAxis.MINUTE.full(points.getFirst().start()) + " – "
                + TimeAxis.MINUTE.full(points.getLast().start()) + " UTC";
    }

    private static void legend(StringBuilder svg, Labels labels) {
        double x = LEFT;
        for (String[] item : new String[][] {{labels.opens(), OPENS_COLOUR}, {labels.clicks(), CLICKS_COLOUR}}) {
            svg.append("<g class=\"legend\"><line x1=\"").append(num(x)).append("\" x2=\"").append(num(x + 18))
                    .append("\" y1=\"16\" y2=\"16\" stroke=\"").append(item[1]).append("\" stroke-width=\"3\" stroke-linecap=\"round\"/>")
                    .append("<text x=\"").append(num(x + 26)).append("\" y=\"20\">").append(escape(item[0])).append("</text></g>");
            x += 26 + textWidth(item[0]) + 28;
        }
        svg.append("<text class=\"scale\" x=\"").append(WIDTH - RIGHT).append("\" y=\"20\" text-anchor=\"end\">")
                .append(escape(labels.scale())).append("</text>");
    }

    private static void yAxis(StringBuilder svg, Plot plot, long step) {
        svg.append("<g class=\"y-axis\">");
        for (long v = 0; v <= plot.top(); v += step) {
            double y = plot.y(v);
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(v == 0 ? "#aab2c0" : "#e6e9ef").append("\"/>")
                    .append("<text x=\"").append(LEFT - 10).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\">")
                    .append(count(v)).append("</text>");
        }
        svg.append("</g>");
    }

    private static void xAxis(StringBuilder svg, Plot plot, List<Timeline.Point> points, TimeAxis axis) {
        svg.append("<g class=\"x-axis\">");
        for (int i : axis.labelled(points.stream().map(Timeline.Point::start).toList())) {
            double x = plot.x(i);
            svg.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(num(plot.baseline()))
                    .append("\" y2=\"").append(num(plot.baseline() + 5)).append("\" stroke=\"#aab2c0\"/>")
                    .append("<text x=\"").append(num(x)).append("\" y=\"").append(num(plot.baseline() + 22))
                    .append("\" text-anchor=\"middle\">").append(axis.label(points.get(i).start())).append("</text>");
        }
        svg.append("</g>");
    }

    /** A light fill under the opens, so the larger series reads as the background of the smaller. */
    private static void area(StringBuilder svg, Plot plot, List<Timeline.Point> points) {
        if (points.size() < 2) {
            return;
        }
        svg.append("<polygon class=\"area\" fill=\"").append(OPENS_COLOUR).append("\" fill-opacity=\"0.08\" points=\"")
                .append(num(plot.x(0))).append(',').append(num(plot.baseline())).append(' ')
                .append(coordinates(plot, points, Timeline.Point::opens)).append(' ')
                .append(num(plot.x(points.size() - 1))).append(',').append(num(plot.baseline())).append("\"/>");
    }

    private static void series(StringBuilder svg, Plot plot, List<Timeline.Point> points, String name, String colour,
                               ToLongFunction<Timeline.Point> value) {
        svg.append("<g class=\"series series-").append(name).append("\" data-series=\"").append(name).append("\">");
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"")
                .append(coordinates(plot, points, value)).append("\"/>");
        if (points.size() <= MAX_DOTS) {
            for (int i = 0; i < points.size(); i++) {
                svg.append("<circle cx=\"").append(num(plot.x(i))).append("\" cy=\"").append(num(plot.y(value.applyAsLong(points.get(i)))))
                        .append("\" r=\"3.5\" fill=\"#fff\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
            }
        }
        svg.append("</g>");
    }

    private static void columns(StringBuilder svg, Plot plot, List<Timeline.Point> points, TimeAxis axis, Labels labels) {
        double w = plot.columnWidth();
        svg.append("<g class=\"columns\">");
        for (int i = 0; i < points.size(); i++) {
            Timeline.Point p = points.get(i);
            svg.append("<rect x=\"").append(num(LEFT + i * w)).append("\" y=\"").append(TOP).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(num(plot.plotHeight())).append("\" fill=\"#1f2430\" fill-opacity=\"0\"><title>")
                    .append(axis.full(p.start())).append(" UTC — ").append(escape(labels.opens())).append(": ").append(count(p.opens()))
                    .append(", ").append(escape(labels.clicks())).append(": ").append(count(p.clicks())).append("</title></rect>");
        }
        svg.append("</g>");
    }

    private static String coordinates(Plot plot, List<Timeline.Point> points, ToLongFunction<Timeline.Point> value) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(num(plot.x(i))).append(',').append(num(plot.y(value.applyAsLong(points.get(i)))));
        }
        return s.toString();
    }

    /** A round tick step (1, 2 or 5 times a power of ten) that gives at most five steps up to {@code max}. */
    static long step(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step * 5 >= max) {
                    return m * step;
                }
            }
            step *= 10;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Rough width at the chart's font size, enough to space the legend: CJK glyphs are about twice as wide. */
    private static double textWidth(String text) {
        return text.codePoints().mapToDouble(c -> Character.isIdeographic(c) ? 13 : 7.5).sum();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
