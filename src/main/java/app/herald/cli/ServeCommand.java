package app.herald.cli;

import app.herald.Herald;
import app.herald.config.HeraldConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run Herald: web UI, API, tracking endpoints and the send workers.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        HeraldConfig config = options.load();
        Herald herald = Herald.start(config);
        Foreground foreground = new Foreground(herald);
        herald.generatedAdminToken().ifPresent(t -> System.out.println(
                "First start: the admin API token is " + t + "\nKeep it; it is not shown again (set HERALD_ADMIN_TOKEN to replace it)."));
        System.out.println("Herald is running at " + config.publicUrl() + " (HTTP port " + herald.httpPort() + "). Stop with Ctrl+C.");
        foreground.await();
        return 0;
    }
}
