package app.herald.delivery;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code herald serve} in a child JVM (the test's class path), configured with {@code --set}, so that
 * a test can kill it with SIGKILL and start another. Its output is kept for assertions and echoed
 * with a prefix.
 */
final class HeraldNode implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Herald is running at .* \\(HTTP port (\\d+)\\)");

    final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> httpPort = new CompletableFuture<>();

    private HeraldNode(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().name("node-output-" + name).daemon(true).start(this::readOutput);
    }

    /** Starts a node with these settings (key=value, as --set) and waits until it serves HTTP. */
    static HeraldNode start(String name, Map<String, String> settings) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "app.herald.cli.Main", "serve"));
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        HeraldNode node = new HeraldNode(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        try {
            node.httpPort.get(300, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.kill();
            throw new AssertionError("node " + name + " did not start within 300 s (a loaded machine starts JVMs slowly); its output:\n" + String.join("\n", node.output), e);
        }
        return node;
    }

    int httpPort() {
        return httpPort.join();
    }

    long pid() {
        return process.pid();
    }

    /** Lines of its output containing {@code text}. */
    long linesContaining(String text) {
        return output.stream().filter(l -> l.contains(text)).count();
    }

    /** kill -9: no shutdown hook runs, nothing is given back. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop (SIGTERM), as an operator's Ctrl+C or systemctl stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                System.out.println("[" + name + "] " + line);
                Matcher m = RUNNING.matcher(line);
                if (m.find()) {
                    httpPort.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (java.io.IOException e) {
            // the process is gone
        }
        httpPort.completeExceptionally(new IllegalStateException("node " + name + " exited before serving"));
    }

}
