package app.herald.delivery;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A message whose bytes are complete: the SMTP transport writes them as they are (it still
 * dot-stuffs them). It answers the few questions the transport asks: the envelope sender for MAIL
 * FROM (the VERP return path; an SMTPMessage, so Angus takes it from here) and its Message-ID.
 */
final class PreparedMessage extends SMTPMessage {
    private final InternetAddress from;
    private final String messageId;
    private final byte[] bytes;
    private volatile boolean contentWritten;

    PreparedMessage(Session session, InternetAddress from, String envelopeFrom, String messageId, byte[] bytes) {
        super(session);
        setEnvelopeFrom(envelopeFrom);
        this.from = from;
        this.messageId = messageId;
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The same message with other bytes (a DKIM signature added in front); envelope and ids unchanged. */
    PreparedMessage withBytes(byte[] newBytes) {
        return new PreparedMessage(session, from, getEnvelopeFrom(), messageId, newBytes);
    }

    /** Whether the transport got as far as writing the message (after the relay's 354 to DATA). */
    boolean contentWritten() {
        return contentWritten;
    }

    @Override
    public Address[] getFrom() {
        return new Address[] {from};
    }

    @Override
    public String getMessageID() {
        return messageId;
    }

    @Override
    public int getSize() {
        return bytes.length;
    }

    /** Nothing to update: the bytes were written complete. */
    @Override
    public void saveChanges() {
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        contentWritten = true;
        os.write(bytes);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        contentWritten = true;
        os.write(bytes);
    }
}
