package app.herald.delivery;

import java.util.Objects;

/**
 * A message whose bytes are complete: the SMTP connection writes them as they are (dot-stuffing
 * them on the way), with {@code envelopeFrom} (the VERP return path, or the from address) as MAIL
 * FROM. {@code messageId} is its Message-ID header value.
 */
record PreparedMessage(String envelopeFrom, String messageId, byte[] bytes) {
    PreparedMessage {
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The same message with other bytes (a DKIM signature added in front); envelope and ids unchanged. */
    PreparedMessage withBytes(byte[] newBytes) {
        return new PreparedMessage(envelopeFrom, messageId, newBytes);
    }
}
