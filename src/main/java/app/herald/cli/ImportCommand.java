package app.herald.cli;

import app.herald.Herald;
import app.herald.InvalidInputException;
import app.herald.audience.Audience;
import app.herald.audience.ImportResult;
import app.herald.audience.ListSummary;
import app.herald.audience.Rejection;
import app.herald.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", description = {
        "Import contacts from a CSV file into a list (created when it does not exist).",
        "UTF-8 (with or without BOM), comma or semicolon separated, header row naming the columns:",
        "email, first_name, last_name, company, country, language, timezone; other columns become attributes.",
        "Existing contacts are updated (blank cells keep stored values); unsubscribed ones stay unsubscribed."})
final class ImportCommand implements Callable<Integer> {
    static final int SHOWN_REJECTIONS = 20;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CSV file")
    Path file;

    @Option(names = "--list", required = true, paramLabel = "NAME", description = "list to import into (case-insensitive)")
    String listName;

    @Option(names = "--show-rejected", description = "print every rejected line, not only the first " + SHOWN_REJECTIONS)
    boolean showRejected;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("cannot read " + file.toAbsolutePath() + ": not a readable file");
        }
        long size = Files.size(file);
        try (Database database = Herald.openDatabase(options.load())) {
            Audience audience = new Audience(database.jdbi());
            ListSummary list = audience.findListByName(listName)
                    .orElseGet(() -> audience.getList(audience.createList(listName)));
            ImportResult result;
            try (InputStream in = Files.newInputStream(file); ProgressBar bar = progressBar(size)) {
                result = audience.importCsv(list.id(), in, (bytes, rows) -> bar.stepTo(Math.min(bytes, size)));
                bar.stepTo(size);
            }
            print(spec.commandLine().getOut(), audience.getList(list.id()), result);
        }
        return 0;
    }

    private static ProgressBar progressBar(long size) {
        boolean large = size >= 10L << 20;
        return new ProgressBarBuilder().setTaskName("Importing").setInitialMax(size)
                .setUnit(large ? " MiB" : " KiB", large ? 1L << 20 : 1L << 10)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build();
    }

    private void print(PrintWriter out, ListSummary list, ImportResult result) {
        out.printf("List '%s' (id %d): %,d imported, %,d updated, %,d rejected; the list now has %,d members (%,d active).%n",
                list.name(), list.id(), result.imported(), result.updated(), result.rejectedTotal(), list.members(), list.active());
        int shown = showRejected ? result.rejected().size() : Math.min(SHOWN_REJECTIONS, result.rejected().size());
        if (shown > 0) {
            out.println("Rejected lines:");
            for (Rejection r : result.rejected().subList(0, shown)) {
                out.printf("  line %d: %s%n", r.line(), r.reason());
            }
        }
        if (shown < result.rejected().size()) {
            out.printf("  ... and %,d more (show them with --show-rejected)%n", result.rejectedTotal() - shown);
        } else if (result.rejectedTotal() > shown) {
            out.printf("  ... and %,d more, not kept (an import keeps the first %,d)%n", result.rejectedTotal() - shown, shown);
        }
        out.flush();
    }
}
