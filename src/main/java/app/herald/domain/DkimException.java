package app.herald.domain;

import app.herald.HeraldException;

/** A DKIM key that cannot be generated, loaded or used. */
public class DkimException extends HeraldException {
    public DkimException(String message) {
        super(message);
    }

    public DkimException(String message, Throwable cause) {
        super(message, cause);
    }
}
