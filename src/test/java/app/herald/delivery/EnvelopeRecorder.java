package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/** A real SMTP server (SubEthaSMTP) that keeps each transaction's envelope and message text. */
final class EnvelopeRecorder implements AutoCloseable {
    record Received(String mailFrom, List<String> recipients, String message) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final SMTPServer server;

    EnvelopeRecorder() {
        server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandlerFactory(context -> new Handler()).build();
        server.start();
    }

    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {
        private String from;
        private final List<String> recipients = new CopyOnWriteArrayList<>();

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) {
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            received.add(new Received(from, List.copyOf(recipients), new String(data.readAllBytes(), StandardCharsets.UTF_8)));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
