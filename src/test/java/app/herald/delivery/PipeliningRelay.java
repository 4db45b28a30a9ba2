package app.herald.delivery;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that offers PIPELINING and insists on it: after MAIL it reads RCPT and DATA before
 * it answers any of them, so a client that waits for each reply hangs until its timeout. It keeps
 * each message as received (un-stuffed) and answers RCPT for chosen recipients with a given reply;
 * {@code dataAfterRefusal} says whether it still answers 354 to DATA after refusing the recipient
 * (RFC 2920 lets a server do either). A content whose DATA never ends (the client went away) is not
 * kept; for each kept one it notes whether more commands had already arrived behind its end.
 */
final class PipeliningRelay implements AutoCloseable {
    record Received(String mailFrom, String rcptTo, String content) {
    }

    /** For each kept message, whether the client's next command was already there when its content ended. */
    final List<Boolean> commandsBehindContent = new CopyOnWriteArrayList<>();
    /** The lines of each content whose DATA never ended, as far as they came. */
    final List<String> unfinished = new CopyOnWriteArrayList<>();

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final Map<String, String> contentRefusals = new ConcurrentHashMap<>();
    private final ServerSocket server;
    private final boolean dataAfterRefusal;

    PipeliningRelay(boolean dataAfterRefusal) throws IOException {
        this.dataAfterRefusal = dataAfterRefusal;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon(true).start(this::accept);
    }

    /** Answers RCPT TO this recipient with {@code reply}, e.g. "550 5.1.1 <x>: user unknown". */
    PipeliningRelay refuse(String recipient, String reply) {
        refusals.put(recipient, reply);
        return this;
    }

    /**
     * Answers the end of this recipient's content with {@code reply}, e.g. "554 5.7.1 rejected", and
     * then, like some servers, keeps the transaction until RSET: a MAIL before it gets 503.
     */
    PipeliningRelay refuseContent(String recipient, String reply) {
        contentRefusals.put(recipient, reply);
        return this;
    }

    /** How many sessions clients opened (EHLOs seen). */
    long sessions() {
        return commands.stream().filter(c -> c.startsWith("EHLO")).count();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofPlatform().daemon(true).start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            write(out, "220 relay.test ESMTP");
            String line;
            boolean stuck = false;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                switch (verb) {
                    case "EHLO" -> write(out, "250-relay.test\r\n250-PIPELINING\r\n250 8BITMIME");
                    case "MAIL" -> {
                        if (stuck) {
                            commands.add(in.readLine());
                            commands.add(in.readLine());
                            write(out, "503 5.5.1 Sender already specified\r\n503 5.5.1 Error: nested MAIL command\r\n"
                                    + "554 5.5.1 Error: no valid recipients");
                        } else {
                            stuck = transaction(line, in, out);
                        }
                    }
                    case "RSET" -> {
                        stuck = false;
                        write(out, "250 ok");
                    }
                    case "QUIT" -> {
                        write(out, "221 bye");
                        return;
                    }
                    default -> write(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Whether the transaction stays open after it (a refused content, see {@link #refuseContent}). */
    private boolean transaction(String mail, BufferedReader in, OutputStream out) throws IOException {
        String rcpt = in.readLine();
        String data = in.readLine();
        commands.add(rcpt);
        commands.add(data);
        String recipient = rcpt.substring(rcpt.indexOf('<') + 1, rcpt.indexOf('>'));
        String refusal = refusals.get(recipient);
        StringBuilder replies = new StringBuilder("250 2.1.0 ok\r\n");
        replies.append(refusal != null ? refusal : "250 2.1.5 ok").append("\r\n");
        replies.append(refusal == null || dataAfterRefusal ? "354 go ahead" : "554 5.5.1 no valid recipients");
        write(out, replies.toString());
        if (refusal != null && !dataAfterRefusal) {
            return false;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            content.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
            content.writeBytes(new byte[] {'\r', '\n'});
        }
        if (line == null) {
            unfinished.add(content.toString(StandardCharsets.UTF_8)); // the client went away in the middle of DATA: nothing is delivered
            return false;
        }
        boolean behind = in.ready();
        if (refusal != null) {
            write(out, "554 5.5.1 no valid recipients");
            return false;
        }
        String contentRefusal = contentRefusals.get(recipient);
        if (contentRefusal != null) {
            write(out, contentRefusal);
            return true;
        }
        received.add(new Received(mail.substring(mail.indexOf('<') + 1, mail.indexOf('>')), recipient,
                content.toString(StandardCharsets.UTF_8)));
        commandsBehindContent.add(behind);
        write(out, "250-2.0.0 Ok\r\n250 2.0.0 queued as " + received.size());
        return false;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
