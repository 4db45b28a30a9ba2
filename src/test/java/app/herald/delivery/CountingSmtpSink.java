package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) on one or more loopback ports that accepts everything and counts,
 * per recipient, the copies it accepted, and per port the messages: with one port per Herald node,
 * the share each node sent. A delay per message keeps a campaign going long enough to kill a node
 * in the middle of it.
 */
final class CountingSmtpSink implements AutoCloseable {
    private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final List<SMTPServer> servers = new ArrayList<>();
    private final List<AtomicLong> perPort = new ArrayList<>();

    CountingSmtpSink(int ports, long delayMillis) {
        for (int i = 0; i < ports; i++) {
            AtomicLong count = new AtomicLong();
            perPort.add(count);
            SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).maxConnections(100)
                    .messageHandlerFactory(context -> new Handler(count, delayMillis)).build();
            server.start();
            servers.add(server);
        }
    }

    int port(int i) {
        return servers.get(i).getPortAllocated();
    }

    /** Messages accepted so far on all ports (a message to several recipients counts once per recipient). */
    long accepted() {
        return accepted.get();
    }

    long acceptedOn(int port) {
        return perPort.get(port).get();
    }

    /** Copies accepted per recipient address. */
    Map<String, Integer> copies() {
        Map<String, Integer> m = new java.util.HashMap<>();
        copies.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public void close() {
        servers.forEach(SMTPServer::stop);
    }

    private final class Handler implements MessageHandler {
        private final AtomicLong port;
        private final long delay;
        private final List<String> recipients = new ArrayList<>();

        Handler(AtomicLong port, long delay) {
            this.port = port;
            this.delay = delay;
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) {
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            data.readAllBytes();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // counted as accepted here: the 250 reply goes out when this returns
            for (String r : recipients) {
                copies.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                accepted.incrementAndGet();
                port.incrementAndGet();
            }
            return null;
        }

        @Override
        public void done() {
        }
    }
}
