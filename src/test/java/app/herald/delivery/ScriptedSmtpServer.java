package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * A real SMTP server (SubEthaSMTP) with scripted faults: per recipient, what happens to each try
 * of its message (a reply to RCPT, a reply at the end of DATA, a connection dropped in the middle
 * of DATA, a reply slower than the client waits), and for the whole server, 421 to every MAIL FROM
 * while it is {@link #failing}.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    final List<String> delivered = new CopyOnWriteArrayList<>();
    /** Sessions that started a mail transaction (MAIL FROM), failing ones included. */
    final AtomicInteger transactions = new AtomicInteger();
    /** Per recipient, what its next tries meet; the last step repeats. */
    private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final SMTPServer server;
    private volatile boolean failing;
    private volatile String senderReply;

    /** One try of a message: accepted, or a fault. */
    sealed interface Step {
    }

    record Accept() implements Step {
    }

    /** RCPT is answered with {@code reply}, e.g. "550 5.1.1 user unknown"; 421 also closes the connection. */
    record RcptReply(String reply) implements Step {
    }

    /** The message is read, then refused with {@code reply} at the end of DATA. */
    record DataReply(String reply) implements Step {
    }

    /** The connection is closed after part of the message was read, without a reply. */
    record DropInData() implements Step {
    }

    /** The message is read, then the reply takes {@code millis}; not counted as delivered (the client gave up). */
    record SlowData(long millis) implements Step {
    }

    static Step accept() {
        return new Accept();
    }

    static Step rcpt(String reply) {
        return new RcptReply(reply);
    }

    static Step data(String reply) {
        return new DataReply(reply);
    }

    static Step dropInData() {
        return new DropInData();
    }

    static Step slow(long millis) {
        return new SlowData(millis);
    }

    ScriptedSmtpServer(Set<String> rejected, long dataDelayMillis) {
        this(rejected, dataDelayMillis, 0);
    }

    /** On a given port (0: any free one), so that a test can restart "the same" relay. */
    ScriptedSmtpServer(Set<String> rejected, long dataDelayMillis, int port) {
        server = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandlerFactory(context -> new Handler(context, rejected, dataDelayMillis)).build();
        server.start();
    }

    /** Answers the RCPT commands for {@code recipient} with these codes in turn, the last one ever after. */
    ScriptedSmtpServer script(String recipient, int... codes) {
        Deque<Step> steps = new ArrayDeque<>();
        for (int c : codes) {
            steps.add(c == 250 ? accept() : rcpt(c + " " + (c >= 500 ? "5" : "4") + ".7.1 <" + recipient + ">: scripted reply " + c));
        }
        scripts.put(recipient, steps);
        return this;
    }

    /** The tries of {@code recipient}'s message meet these steps in turn, the last one ever after. */
    ScriptedSmtpServer script(String recipient, Step... steps) {
        scripts.put(recipient, new ArrayDeque<>(List.of(steps)));
        return this;
    }

    /** While set, every MAIL FROM is answered 421 and the connection closed: the relay is there but not working. */
    void failing(boolean on) {
        failing = on;
    }

    /** Answers every MAIL FROM with {@code reply}, e.g. "553 5.7.1 sender not allowed". */
    ScriptedSmtpServer rejectSender(String reply) {
        senderReply = reply;
        return this;
    }

    private synchronized Step nextStep(String recipient) {
        Deque<Step> steps = scripts.get(recipient);
        if (steps == null || steps.isEmpty()) {
            return accept();
        }
        return steps.size() > 1 ? steps.poll() : steps.peek();
    }

    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static RejectException reject(String reply) {
        int code = Integer.parseInt(reply.substring(0, 3));
        String text = reply.substring(3).strip();
        return code == 421 ? new DropConnectionException(code, text) : new RejectException(code, text);
    }

    private final class Handler implements MessageHandler {
        private final MessageContext context;
        private final Set<String> rejected;
        private final long delay;
        private final List<String> recipients = new CopyOnWriteArrayList<>();
        private Step dataStep = accept();

        Handler(MessageContext context, Set<String> rejected, long delay) {
            this.context = context;
            this.rejected = rejected;
            this.delay = delay;
        }

        @Override
        public void from(String from) throws RejectException {
            transactions.incrementAndGet();
            if (failing) {
                throw new DropConnectionException(421, "4.3.2 scripted: service not available, closing transmission channel");
            }
            if (senderReply != null) {
                throw reject(senderReply);
            }
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (rejected.contains(recipient)) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
            }
            Step step = nextStep(recipient);
            if (step instanceof RcptReply r) {
                throw reject(r.reply());
            }
            dataStep = Objects.requireNonNull(step);
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException, RejectException {
            switch (dataStep) {
                case DropInData d -> {
                    data.readNBytes(64);
                    ((Session) context).getSocket().close();
                    throw new IOException("scripted: connection dropped in the middle of DATA");
                }
                case SlowData s -> {
                    data.readAllBytes();
                    sleep(s.millis());
                    return null;
                }
                case DataReply r -> {
                    data.readAllBytes();
                    throw reject(r.reply());
                }
                case Accept a -> {
                    data.readAllBytes();
                    sleep(delay);
                    delivered.addAll(recipients);
                    return null;
                }
                case RcptReply r -> throw new IllegalStateException("RCPT replies are given at RCPT");
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void done() {
        }
    }
}
