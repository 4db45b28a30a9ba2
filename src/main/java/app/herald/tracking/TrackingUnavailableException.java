package app.herald.tracking;

import app.herald.HeraldException;

/** A hit could not be accepted for recording (shutting down, the writer far behind, the journal unable to write). */
final class TrackingUnavailableException extends HeraldException {
    TrackingUnavailableException(String message) {
        super(message);
    }

    TrackingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
