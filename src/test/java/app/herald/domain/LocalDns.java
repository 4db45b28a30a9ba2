package app.herald.domain;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: Debian's dnsmasq on a loopback port, answering only the records
 * given (and NXDOMAIN for other names under example.com, example.net and example.org). Stopped on close.
 */
public final class LocalDns implements AutoCloseable {
    private static final String DNSMASQ = Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";

    private final List<String> options = new ArrayList<>();
    private Process process;
    private int port;

    public LocalDns txt(String name, String text) {
        if (text.contains(",")) {
            throw new IllegalArgumentException("dnsmasq splits TXT values at commas; quote-free test records only: " + text);
        }
        options.add("--txt-record=" + name + "," + text);
        return this;
    }

    public LocalDns mx(String name, String host, int preference) {
        options.add("--mx-host=" + name + "," + host + "," + preference);
        return this;
    }

    public LocalDns cname(String name, String target) {
        options.add("--cname=" + name + "," + target);
        return this;
    }

    public LocalDns a(String name, String address) {
        options.add("--host-record=" + name + "," + address);
        return this;
    }

    public LocalDns start() {
        for (int attempt = 1; ; attempt++) {
            port = freeUdpPort();
            List<String> cmd = new ArrayList<>(List.of(DNSMASQ, "--no-daemon", "--conf-file=/dev/null", "--port=" + port,
                    "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file=",
                    "--local=/example.com/", "--local=/example.net/", "--local=/example.org/"));
            cmd.addAll(options);
            try {
                process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start dnsmasq (apt-get install dnsmasq-base): " + e.getMessage(), e);
            }
            if (ready()) {
                return this;
            }
            process.destroyForcibly();
            if (attempt == 5) {
                throw new IllegalStateException("dnsmasq did not start on a loopback port in 5 tries");
            }
        }
    }

    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved("127.0.0.1", port);
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    private boolean ready() {
        DnsClient client = new DnsClient(address(), Duration.ofMillis(200));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                client.query("ready.example.com", DnsClient.TXT);
                return true;
            } catch (DnsException e) {
                // not listening yet
            }
        }
        return false;
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
