package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/** A real SMTP server (SubEthaSMTP) that rejects chosen recipients and can be slow to accept data. */
final class ScriptedSmtpServer implements AutoCloseable {
    final List<String> delivered = new CopyOnWriteArrayList<>();
    /** Per recipient, the replies to its next RCPT commands (250: accept); the last one repeats. */
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final SMTPServer server;

    ScriptedSmtpServer(Set<String> rejected, long dataDelayMillis) {
        this(rejected, dataDelayMillis, 0);
    }

    /** On a given port (0: any free one), so that a test can restart "the same" relay. */
    ScriptedSmtpServer(Set<String> rejected, long dataDelayMillis, int port) {
        server = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandlerFactory(context -> new Handler(rejected, dataDelayMillis)).build();
        server.start();
    }

    /** Answers the RCPT commands for {@code recipient} with these codes in turn, the last one ever after. */
    ScriptedSmtpServer script(String recipient, int... codes) {
        Deque<Integer> replies = new ArrayDeque<>();
        for (int c : codes) {
            replies.add(c);
        }
        scripts.put(recipient, replies);
        return this;
    }

    private synchronized int nextReply(String recipient) {
        Deque<Integer> replies = scripts.get(recipient);
        if (replies == null || replies.isEmpty()) {
            return 250;
        }
        return replies.size() > 1 ? replies.poll() : replies.peek();
    }

    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {
        private final Set<String> rejected;
        private final long delay;
        private final List<String> recipients = new CopyOnWriteArrayList<>();

        Handler(Set<String> rejected, long delay) {
            this.rejected = rejected;
            this.delay = delay;
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (rejected.contains(recipient)) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
            }
            int code = nextReply(recipient);
            if (code != 250) {
                throw new RejectException(code, (code >= 500 ? "5" : "4") + ".7.1 <" + recipient + ">: scripted reply " + code);
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            data.readAllBytes();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.addAll(recipients);
            return null;
        }

        @Override
        public void done() {
        }
    }
}
