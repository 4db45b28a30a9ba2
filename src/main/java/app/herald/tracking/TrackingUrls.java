package app.herald.tracking;

import app.herald.tracking.TrackingTokens.Kind;
import app.herald.tracking.TrackingTokens.Token;
import java.net.URI;

/** The public URLs of one message's open pixel, tracked links and unsubscribe page. */
public final class TrackingUrls {
    private final String base;
    private final TrackingTokens tokens;

    public TrackingUrls(URI publicUrl, TrackingTokens tokens) {
        String s = publicUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.tokens = tokens;
    }

    public String openPixel(long messageId) {
        return base + "/t/o/" + tokens.sign(new Token(Kind.OPEN, messageId, 0)) + ".gif";
    }

    public String click(long messageId, int linkIdx) {
        return base + "/t/c/" + tokens.sign(new Token(Kind.CLICK, messageId, linkIdx));
    }

    public String unsubscribe(long messageId) {
        return base + "/t/u/" + tokens.sign(new Token(Kind.UNSUBSCRIBE, messageId, 0));
    }
}
