package app.herald.cli;

import app.herald.Herald;
import app.herald.config.HeraldConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            herald.close();
            stopped.countDown();
        }, "herald-shutdown"));
        herald.generatedAdminToken().ifPresent(t -> System.out.println(
                "First start: the admin API token is " + t + "\nKeep it; it is not shown again (set HERALD_ADMIN_TOKEN to replace it)."));
        System.out.println("Herald is running at " + config.publicUrl() + " (HTTP port " + herald.httpPort() + "). Stop with Ctrl+C.");
        stopped.await();
        return 0;
    }
}
