package app.herald;

/** Input that cannot be accepted as given; the web layer answers 422 (or 400 for malformed requests). */
public class InvalidInputException extends HeraldException {
    public InvalidInputException(String message) {
        super(message);
    }
}
