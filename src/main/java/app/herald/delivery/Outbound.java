package app.herald.delivery;

import app.herald.bounce.ReturnPath;
import app.herald.domain.DkimSigning;
import java.util.Objects;

/** How messages leave this node: the DKIM keys that sign them and the envelope sender (VERP or the from address). */
public record Outbound(DkimSigning dkim, ReturnPath returnPath) {
    /** Unsigned, with the campaign's from address as envelope sender. */
    public static final Outbound PLAIN = new Outbound(DkimSigning.none(), ReturnPath.fromAddress());

    public Outbound {
        Objects.requireNonNull(dkim, "dkim");
        Objects.requireNonNull(returnPath, "returnPath");
    }

    public static Outbound signedBy(DkimSigning dkim) {
        return new Outbound(dkim, ReturnPath.fromAddress());
    }

    public static Outbound withReturnPath(ReturnPath returnPath) {
        return new Outbound(DkimSigning.none(), returnPath);
    }
}
