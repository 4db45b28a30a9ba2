package app.herald.campaign;

import app.herald.HeraldException;

/** A message could not be rendered for its recipient; the message is not sent. */
public final class RenderException extends HeraldException {
    RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
