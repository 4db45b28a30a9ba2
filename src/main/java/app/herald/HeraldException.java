package app.herald;

/** Root of every exception Herald throws on purpose; features subclass it with a name for what failed. */
public class HeraldException extends RuntimeException {
    public HeraldException(String message) {
        super(message);
    }

    public HeraldException(String message, Throwable cause) {
        super(message, cause);
    }
}
