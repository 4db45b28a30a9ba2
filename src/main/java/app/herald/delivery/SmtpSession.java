package app.herald.delivery;

import app.herald.config.HeraldConfig;
import app.herald.delivery.SmtpWire.Reply;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An open, greeted SMTP session, ready for transactions: TCP connect, TLS from the first byte
 * ({@code smtp.tls = tls}) or after STARTTLS ({@code starttls}, required: a server that does not
 * offer it is an error, never a silent fall back to plain text), EHLO (HELO for an old server) and,
 * when {@code smtp.user} is set, AUTH PLAIN or LOGIN. The server certificate must be valid for the
 * configured host name.
 */
final class SmtpSession implements AutoCloseable {
    /** How a connection gets a fresh session. */
    @FunctionalInterface
    interface Opener {
        SmtpSession open() throws IOException;
    }

    /** The local host name for EHLO; looked up once, as the lookup may be slow. */
    private static final class LocalName {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                String name = InetAddress.getLocalHost().getCanonicalHostName();
                return name.indexOf('.') > 0 && !Character.isDigit(name.charAt(name.length() - 1)) && !name.contains(":")
                        ? name : "";
            } catch (UnknownHostException e) {
                return "";
            }
        }
    }

    private final Socket socket;
    private final SmtpWire wire;
    private final Set<String> extensions;

    private SmtpSession(Socket socket, SmtpWire wire, Set<String> extensions) {
        this.socket = socket;
        this.wire = wire;
        this.extensions = Set.copyOf(extensions);
    }

    static SmtpSession open(HeraldConfig.Smtp config, SmtpSockets sockets, SSLSocketFactory tls) throws IOException {
        Socket raw = sockets.createSocket();
        Socket socket = raw;
        try {
            int millis = (int) sockets.timeout().toMillis();
            raw.connect(new InetSocketAddress(config.host(), config.port()), millis);
            raw.setSoTimeout(millis);
            if (config.tls() == HeraldConfig.Tls.TLS) {
                socket = handshake(tls, raw, config);
            }
            SmtpWire wire = new SmtpWire(socket);
            Reply greeting = wire.read();
            if (greeting.code() != 220) {
                throw new IOException("the server does not accept a session: " + greeting.text());
            }
            String client = clientName(raw.getLocalAddress());
            Set<String> extensions = hello(wire, client);
            if (config.tls() == HeraldConfig.Tls.STARTTLS) {
                if (!extensions.contains("STARTTLS")) {
                    throw new IOException("the server does not offer STARTTLS, which smtp.tls = starttls requires "
                            + "(use HERALD_SMTP_TLS=tls for a port that speaks TLS from the start)");
                }
                Reply ready = call(wire, "STARTTLS");
                if (ready.code() != 220) {
                    throw new IOException("the server refused STARTTLS: " + ready.text());
                }
                socket = handshake(tls, raw, config);
                wire = new SmtpWire(socket);
                extensions = hello(wire, client);
            }
            if (config.user().isPresent()) {
                authenticate(wire, extensions, config.user().get(), config.password().orElse(""));
            }
            return new SmtpSession(socket, wire, extensions);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            closeQuietly(raw);
            throw e;
        }
    }

    SmtpWire wire() {
        return wire;
    }

    /** Whether the server's EHLO reply named this extension (upper case, e.g. "PIPELINING", "AUTH=PLAIN"). */
    boolean offers(String extension) {
        return extensions.contains(extension);
    }

    private static SSLSocket handshake(SSLSocketFactory tls, Socket raw, HeraldConfig.Smtp config) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, config.host(), config.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** EHLO, or HELO for a server that does not know EHLO; returns the extensions offered. */
    private static Set<String> hello(SmtpWire wire, String client) throws IOException {
        Reply ehlo = call(wire, "EHLO " + client);
        Set<String> extensions = new HashSet<>();
        if (ehlo.positive()) {
            for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
                String[] words = line.substring(Math.min(4, line.length())).strip().toUpperCase(Locale.ROOT).split("[\\s=]+");
                extensions.add(words[0]);
                if (words[0].equals("AUTH")) {
                    for (int i = 1; i < words.length; i++) {
                        extensions.add("AUTH=" + words[i]);
                    }
                }
            }
            return extensions;
        }
        Reply helo = call(wire, "HELO " + client);
        if (!helo.positive()) {
            throw new IOException("the server refused EHLO (" + ehlo.text() + ") and HELO: " + helo.text());
        }
        return extensions;
    }

    private static void authenticate(SmtpWire wire, Set<String> extensions, String user, String password) throws IOException {
        Reply reply;
        if (extensions.contains("AUTH=PLAIN")) {
            reply = call(wire, "AUTH PLAIN " + base64("\0" + user + "\0" + password));
            if (reply.code() == 334) { // a server that wants the credentials after an empty challenge
                reply = call(wire, base64("\0" + user + "\0" + password));
            }
        } else if (extensions.contains("AUTH=LOGIN")) {
            reply = call(wire, "AUTH LOGIN");
            if (reply.code() == 334) {
                reply = call(wire, base64(user));
            }
            if (reply.code() == 334) {
                reply = call(wire, base64(password));
            }
        } else {
            throw new IOException("smtp.user is set but the server offers no AUTH PLAIN or LOGIN"
                    + (extensions.contains("AUTH") ? "" : " (no AUTH at all: it may offer it only after STARTTLS, "
                    + "HERALD_SMTP_TLS=starttls)"));
        }
        if (reply.code() != 235) {
            throw new IOException("authentication as " + user + " failed: " + reply.text());
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply call(SmtpWire wire, String command) throws IOException {
        wire.command(command);
        wire.flush();
        return wire.read();
    }

    /** The host name if it is a fully qualified one, else the address literal (RFC 5321 section 4.1.3). */
    private static String clientName(InetAddress local) {
        if (!LocalName.NAME.isEmpty()) {
            return LocalName.NAME;
        }
        return local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress().replaceFirst("%.*$", "") + "]"
                : "[" + local.getHostAddress() + "]";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** Closes without a word: the server is reading content, where QUIT would be taken for a line of it. */
    void abort() {
        closeQuietly(socket);
    }

    /** Says QUIT without waiting for the answer (the server may be gone), and closes. */
    @Override
    public void close() {
        try {
            wire.command("QUIT");
            wire.flush();
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(socket);
    }
}
