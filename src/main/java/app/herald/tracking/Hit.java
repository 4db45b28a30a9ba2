package app.herald.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * One open or click as the endpoint saw it: which message (and link), when, with which HTTP method,
 * from which address and client. The campaign is resolved by the writer from the message, so the
 * pixel path needs no database work; so is the verdict (human or machine), which needs the
 * message's earlier hits.
 */
record Hit(Kind kind, long messageId, int linkIdx, Instant at, Method method, String ip, String userAgent) {
    /** Longest user agent kept; some scanners send kilobytes. */
    static final int MAX_USER_AGENT = 512;

    enum Kind {
        OPEN("open"), CLICK("click");

        final String sqlName;

        Kind(String sqlName) {
            this.sqlName = sqlName;
        }
    }

    /** HEAD asks only whether the URL exists: no mail client displaying an image, no person, sends it. */
    enum Method {
        GET, HEAD;

        /** HEAD for "HEAD" in any case, GET for anything else (the routes answer only GET and HEAD). */
        static Method of(String name) {
            return "HEAD".equalsIgnoreCase(name) ? HEAD : GET;
        }
    }

    Hit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(at, "at");
        if (messageId <= 0) {
            throw new IllegalArgumentException("messageId must be positive: " + messageId);
        }
        if (kind == Kind.OPEN ? linkIdx != -1 : linkIdx < 0) {
            throw new IllegalArgumentException("linkIdx " + linkIdx + " does not fit a " + kind + " hit");
        }
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }

    static Hit open(long messageId, Instant at, String ip, String userAgent) {
        return open(messageId, at, Method.GET, ip, userAgent);
    }

    static Hit open(long messageId, Instant at, Method method, String ip, String userAgent) {
        return new Hit(Kind.OPEN, messageId, -1, at, method, ip, userAgent);
    }

    static Hit click(long messageId, int linkIdx, Instant at, String ip, String userAgent) {
        return click(messageId, linkIdx, at, Method.GET, ip, userAgent);
    }

    static Hit click(long messageId, int linkIdx, Instant at, Method method, String ip, String userAgent) {
        return new Hit(Kind.CLICK, messageId, linkIdx, at, method, ip, userAgent);
    }

    /** The link number as stored: none for an open. */
    Integer storedLinkIdx() {
        return kind == Kind.OPEN ? null : linkIdx;
    }
}
