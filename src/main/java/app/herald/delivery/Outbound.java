package app.herald.delivery;

import app.herald.bounce.ReturnPath;
import app.herald.domain.DkimSigning;
import java.util.Objects;

/**
 * How messages leave this node: the DKIM keys that sign them, the envelope sender (VERP or the
 * from address), and what a relay's refusal of a recipient at send time does to the address.
 */
public record Outbound(DkimSigning dkim, ReturnPath returnPath, Refusals refusals) {
    /** Unsigned, with the campaign's from address as envelope sender. */
    public static final Outbound PLAIN = new Outbound(DkimSigning.none(), ReturnPath.fromAddress());

    public Outbound {
        Objects.requireNonNull(dkim, "dkim");
        Objects.requireNonNull(returnPath, "returnPath");
        Objects.requireNonNull(refusals, "refusals");
    }

    /** Refusals at send time are not acted on. */
    public Outbound(DkimSigning dkim, ReturnPath returnPath) {
        this(dkim, returnPath, Refusals.IGNORED);
    }

    public static Outbound signedBy(DkimSigning dkim) {
        return new Outbound(dkim, ReturnPath.fromAddress());
    }

    public static Outbound withReturnPath(ReturnPath returnPath) {
        return new Outbound(DkimSigning.none(), returnPath);
    }

    /** The same, with refusals at send time going to {@code refusals}. */
    public Outbound withRefusals(Refusals newRefusals) {
        return new Outbound(dkim, returnPath, newRefusals);
    }
}
