package app.herald.delivery;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Jakarta Mail's SMTP transport, counting the bytes of each message as it is written into DATA:
 * the size the tracking log reports, without writing the message twice. The count is the message
 * as the server stores it (line ends as sent, without the dot-stuffing of the DATA transfer).
 */
final class CountingTransport extends SMTPTransport {
    private long bytes = -1;

    CountingTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null));
    }

    /** Bytes of the last message handed to the server; -1 when the last attempt never reached DATA. */
    long lastMessageBytes() {
        return bytes;
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        bytes = -1;
        super.sendMessage(message, addresses);
    }

    @Override
    protected OutputStream data() throws MessagingException {
        return counting(super.data());
    }

    @Override
    protected OutputStream bdat() throws MessagingException {
        return counting(super.bdat());
    }

    /**
     * Counts as the wire will carry it: the SMTP stream below turns a bare CR or LF into CRLF, so
     * a text part with Unix line ends is larger on the wire than in memory.
     */
    private OutputStream counting(OutputStream out) {
        bytes = 0;
        return new FilterOutputStream(out) {
            private int last = -1;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                count(b & 0xff);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    count(b[i] & 0xff);
                }
            }

            private void count(int b) {
                if (b == '\r') {
                    bytes += 2;
                } else if (b == '\n') {
                    bytes += last == '\r' ? 0 : 2;
                } else {
                    bytes++;
                }
                last = b;
            }
        };
    }
}
