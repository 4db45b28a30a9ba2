package app.herald;

/** Something the caller named does not exist; the web layer answers 404. */
public class NotFoundException extends HeraldException {
    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
