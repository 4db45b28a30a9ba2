package app.herald.domain;

import app.herald.HeraldException;

/** A DNS server that cannot be asked or answers with an error (not: a name that does not exist). */
public class DnsException extends HeraldException {
    public DnsException(String message) {
        super(message);
    }

    public DnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
