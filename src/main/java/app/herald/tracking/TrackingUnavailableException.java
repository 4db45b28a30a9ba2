package app.herald.tracking;

import app.herald.HeraldException;

/** A hit could not be accepted for recording (shutting down, or the writer is far behind). */
final class TrackingUnavailableException extends HeraldException {
    TrackingUnavailableException(String message) {
        super(message);
    }
}
