package app.herald.audience;

import app.herald.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream as numbered physical lines of UTF-8 text (ending at {@code \n}, {@code \r\n} or
 * {@code \r}), skipping a UTF-8 byte order mark. Each line is decoded on its own, strictly, rather
 * than through a Reader: a line that is not UTF-8 (a spreadsheet saved as GBK or Latin-1) or holds
 * a NUL byte (a binary file) is returned as {@link Unreadable} and the lines around it still
 * import. Splitting bytes at CR and LF is safe because UTF-8 never uses those bytes inside a
 * multi-byte character. A line is capped at {@link #MAX_LINE_BYTES} so that a file without line
 * breaks cannot exhaust memory.
 */
final class PhysicalLines {
    static final int MAX_LINE_BYTES = 1 << 20;

    sealed interface Line permits Text, Unreadable {
        long number();
    }

    record Text(long number, String text) implements Line {
    }

    record Unreadable(long number, String problem) implements Line {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private long bytesRead;
    private long number;
    private boolean started;
    private boolean afterCr;
    private byte[] line = new byte[512];
    private int length;

    PhysicalLines(InputStream in) {
        this.in = in;
    }

    /** Bytes taken from the stream so far (read ahead by up to one buffer). */
    long bytesRead() {
        return bytesRead;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        length = 0;
        boolean consumed = false;
        boolean tooLong = false;
        boolean nul = false;
        while (true) {
            if (pos == limit && !fill(1)) {
                if (!consumed) {
                    return null;
                }
                break;
            }
            byte b = buffer[pos++];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            consumed = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                afterCr = true;
                break;
            }
            nul |= b == 0;
            if (length < MAX_LINE_BYTES) {
                append(b);
            } else {
                tooLong = true;
            }
        }
        number++;
        if (tooLong) {
            return new Unreadable(number, "is longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
        }
        if (nul) {
            return new Unreadable(number, "contains a NUL byte (is this a binary file such as .xlsx? Save it as \"CSV UTF-8\")");
        }
        return decode();
    }

    private Line decode() {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            return new Text(number, new String(line, 0, length, StandardCharsets.ISO_8859_1));
        }
        try {
            return new Text(number, decoder.decode(ByteBuffer.wrap(line, 0, length)).toString());
        } catch (CharacterCodingException e) {
            return new Unreadable(number, "is not valid UTF-8 text (save the file as \"CSV UTF-8\")");
        }
    }

    private void skipByteOrderMark() throws IOException {
        fill(3);
        int available = limit - pos;
        if (available >= 3 && (buffer[pos] & 0xff) == 0xEF && (buffer[pos + 1] & 0xff) == 0xBB && (buffer[pos + 2] & 0xff) == 0xBF) {
            pos += 3;
        } else if (available >= 2 && ((buffer[pos] & 0xff) == 0xFF && (buffer[pos + 1] & 0xff) == 0xFE
                || (buffer[pos] & 0xff) == 0xFE && (buffer[pos + 1] & 0xff) == 0xFF)) {
            throw new InvalidInputException("the CSV file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\" and import it again");
        }
    }

    /** Makes at least {@code wanted} unread bytes available if the stream has them; false when none are left. */
    private boolean fill(int wanted) throws IOException {
        if (pos > 0 && limit - pos < wanted) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < wanted) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                break;
            }
            limit += n;
            bytesRead += n;
        }
        return limit > pos;
    }

    private void append(byte b) {
        if (length == line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
        }
        line[length++] = b;
    }
}
