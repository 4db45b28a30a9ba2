package app.herald.cli;

import app.herald.Herald;
import app.herald.delivery.SendProgress;
import app.herald.store.Database;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "progress", description = {
        "Follow a campaign's sending: sent, failed, deferred tries, queued, messages/s over the last minute and ETA.",
        "Refreshes until the campaign is no longer sending; --once prints one snapshot.",
        "Reads the shared counters, so it shows the work of every node and may run on any machine that reaches the database."})
final class ProgressCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CAMPAIGN_ID", description = "the campaign's id")
    long campaignId;

    @Option(names = "--once", description = "print one snapshot and exit")
    boolean once;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "seconds between refreshes (default 1)")
    int intervalSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--interval must be 1 to 3600 seconds, got " + intervalSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Herald.openDatabase(options.load())) {
            LongFunction<SendProgress> read = id -> SendProgress.of(database.jdbi(), id);
            SendProgress p = read.apply(campaignId);
            if (!once && p.status().equals("sending")) {
                p = follow(read, p);
            }
            out.println(line(p));
        }
        out.flush();
        return 0;
    }

    /** Refreshes a bar of done (sent + failed) against recipients until the campaign stops sending. */
    private SendProgress follow(LongFunction<SendProgress> read, SendProgress first) throws InterruptedException {
        SendProgress p = first;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Sending").setInitialMax(Math.max(1, p.recipients()))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).hideEta().build()) {
            while (true) {
                bar.maxHint(Math.max(1, p.recipients()));
                bar.stepTo(p.done());
                bar.setExtraMessage(rateAndEta(p));
                if (!p.status().equals("sending")) {
                    return p;
                }
                Thread.sleep(Duration.ofSeconds(intervalSeconds));
                p = read.apply(campaignId);
            }
        }
    }

    static String line(SendProgress p) {
        return String.format(Locale.ROOT, "Campaign %d (%s): %,d of %,d%s done — %,d sent, %,d failed, %,d queued, %,d deferred tries; %s",
                p.campaignId(), p.status(), p.done(), p.recipients(), p.queueing() ? " so far" : "", p.sent(), p.failed(), p.queued(),
                p.deferred(), rateAndEta(p));
    }

    private static String rateAndEta(SendProgress p) {
        String eta = p.eta().map(ProgressCommand::duration)
                .orElse(p.queueing() ? "unknown (the audience is still being queued)" : "unknown (nothing sent in the last minute)");
        return String.format(Locale.ROOT, "%.1f messages/s, ETA %s", p.messagesPerSecond(), eta);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
