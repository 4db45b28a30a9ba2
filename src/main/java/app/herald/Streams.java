package app.herald;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading untrusted input streams with a size cap; shared by Herald's SMTP listeners. */
public final class Streams {
    private Streams() {
    }

    /**
     * The whole stream, or null when it holds more than {@code max} bytes. An oversized stream is
     * still read to its end: an SMTP server answers a rejection at once, and the client reads that
     * answer only after sending its final dot.
     */
    public static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > max) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
