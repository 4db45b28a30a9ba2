package app.herald.tracelog;

import app.herald.HeraldException;

/** A message tracking log cannot be read or searched: a missing directory, an unreadable file. */
public class TraceLogException extends HeraldException {
    public TraceLogException(String message) {
        super(message);
    }

    public TraceLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
