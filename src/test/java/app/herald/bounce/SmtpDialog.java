package app.herald.bounce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain SMTP client conversation, so tests see the server's exact replies. */
final class SmtpDialog implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpDialog(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        reply();
    }

    /** Sends one command line and returns the (last line of the) reply. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    /** Sends the message after DATA, dot-stuffed, and returns the final reply. */
    String data(byte[] message) throws IOException {
        String go = command("DATA");
        if (!go.startsWith("354")) {
            return go;
        }
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        StringBuilder stuffed = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        out.write(stuffed.append(".\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    private String reply() throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
