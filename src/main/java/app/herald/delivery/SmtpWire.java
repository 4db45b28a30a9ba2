package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of one SMTP connection: commands out, replies in (RFC 5321 section 4.2, multi-line
 * replies included), and message content dot-stuffed on its way out. Nothing is written until
 * {@link #flush()} (or the buffer fills), so that pipelined commands, and a content with the next
 * envelope after it, leave in one segment. Reading uses its own buffer: replies are short, and a buffered stream's lock per byte
 * would cost more than the parsing.
 */
final class SmtpWire {
    /** RFC 5321 allows 512 octets per reply line; servers write longer ones, but not this long. */
    private static final int MAX_LINE = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

    /** A server reply: its code and its lines as sent (each starting with the code). */
    record Reply(int code, List<String> lines) {
        Reply {
            lines = List.copyOf(lines);
        }

        boolean positive() {
            return code >= 200 && code < 300;
        }

        /** The whole reply on one line ("250-first 250 second"), as the send record and the tracking log keep it. */
        String text() {
            return lines.size() == 1 ? lines.getFirst().strip() : String.join(" ", lines.stream().map(String::strip).toList());
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[4096];
    private int readPos;
    private int readLimit;
    private final byte[] writeBuffer = new byte[64 * 1024];
    private int writePos;

    SmtpWire(Socket socket) throws IOException {
        this(socket.getInputStream(), socket.getOutputStream());
    }

    SmtpWire(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Queues a command line; CRLF is added. */
    void command(String line) throws IOException {
        Objects.requireNonNull(line, "line");
        if (hasLineBreak(line)) {
            throw new IllegalArgumentException("an SMTP command must not contain a line break");
        }
        put(line.getBytes(StandardCharsets.UTF_8));
        put(CRLF);
    }

    static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    void flush() throws IOException {
        if (writePos > 0) {
            out.write(writeBuffer, 0, writePos);
            writePos = 0;
        }
        out.flush();
    }

    /**
     * Writes message content after the server's 354: dot-stuffed (a line starting with '.' gets
     * another), ended with CRLF if it is not already, then the terminating "."; queued like a command
     * (commands may follow it in the same write), so {@link #flush()} sends it. The
     * caller's bytes are not changed: DKIM signs the message as it is, not as it is stuffed.
     */
    void content(byte[] message) throws IOException {
        int start = 0;
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                put(message, start, i - start);
                put((byte) '.');
                start = i;
            }
            lineStart = b == '\n';
        }
        put(message, start, message.length - start);
        int n = message.length;
        if (n < 2 || message[n - 2] != '\r' || message[n - 1] != '\n') {
            put(CRLF);
        }
        put(END_OF_DATA);
    }

    /** Ends a DATA that the server accepted although nothing is to be sent (a pipelined recipient was refused). */
    void emptyContent() throws IOException {
        put(END_OF_DATA);
        flush();
    }

    /** Reads one complete reply, all its lines. */
    Reply read() throws IOException {
        List<String> lines = null;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !digit(line, 0) || !digit(line, 1) || !digit(line, 2)
                    || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IOException("the SMTP server sent a malformed reply: '" + abbreviate(line) + "'");
            }
            int code = Integer.parseInt(line, 0, 3, 10);
            boolean last = line.length() == 3 || line.charAt(3) == ' ';
            if (last && lines == null) {
                return new Reply(code, List.of(line));
            }
            if (lines == null) {
                lines = new ArrayList<>(8);
            }
            lines.add(line);
            if (last) {
                return new Reply(code, lines);
            }
        }
    }

    private static boolean digit(String s, int i) {
        return s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** A line without its CRLF (or bare LF). */
    private String readLine() throws IOException {
        int start = readPos;
        byte[] line = null;
        int lineLength = 0;
        while (true) {
            for (int i = readPos; i < readLimit; i++) {
                if (readBuffer[i] == '\n') {
                    int end = i > start && readBuffer[i - 1] == '\r' ? i - 1 : i;
                    readPos = i + 1;
                    if (line == null) {
                        return new String(readBuffer, start, end - start, StandardCharsets.UTF_8);
                    }
                    line = append(line, lineLength, readBuffer, start, i + 1 - start);
                    lineLength += i + 1 - start;
                    int tail = lineLength >= 2 && line[lineLength - 2] == '\r' ? 2 : 1;
                    return new String(line, 0, lineLength - tail, StandardCharsets.UTF_8);
                }
            }
            // no end of line in the buffer: keep what there is and read more
            if (readLimit > start) {
                line = append(line == null ? new byte[256] : line, lineLength, readBuffer, start, readLimit - start);
                lineLength += readLimit - start;
                if (lineLength > MAX_LINE) {
                    throw new IOException("the SMTP server sent a reply line longer than " + MAX_LINE + " bytes");
                }
            }
            int n = in.read(readBuffer, 0, readBuffer.length);
            if (n < 0) {
                throw new IOException("the SMTP server closed the connection");
            }
            start = 0;
            readPos = 0;
            readLimit = n;
        }
    }

    private static byte[] append(byte[] to, int length, byte[] from, int off, int len) {
        byte[] target = to.length >= length + len ? to : java.util.Arrays.copyOf(to, Math.max(to.length * 2, length + len));
        System.arraycopy(from, off, target, length, len);
        return target;
    }

    private void put(byte b) throws IOException {
        if (writePos == writeBuffer.length) {
            drain();
        }
        writeBuffer[writePos++] = b;
    }

    private void put(byte[] b) throws IOException {
        put(b, 0, b.length);
    }

    private void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (writePos == writeBuffer.length) {
                drain();
            }
            int n = Math.min(len, writeBuffer.length - writePos);
            System.arraycopy(b, off, writeBuffer, writePos, n);
            writePos += n;
            off += n;
            len -= n;
        }
    }

    private void drain() throws IOException {
        out.write(writeBuffer, 0, writePos);
        writePos = 0;
    }
}
