package app.herald.tracking;

import app.herald.tracking.TrackingTokens.Kind;
import app.herald.tracking.TrackingTokens.Token;
import app.herald.web.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public tracking URLs: open pixel, click redirect, unsubscribe. Every token is verified in
 * memory first; one that does not verify, or is of another kind, gets a 404 and records nothing.
 * No URL is ever read from the request: a click goes only to the URL its token names.
 */
public final class TrackingEndpoints implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingEndpoints.class);
    /** A 1x1 transparent GIF89a, 43 bytes. */
    static final byte[] PIXEL = HexFormat.of().parseHex(
            "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b");
    static final String NO_CACHE = "no-store, no-cache, must-revalidate, private";
    static final String UNAVAILABLE = "tracking is briefly unavailable; try again later";
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    private static final int LINK_CACHE_SIZE = 100_000;

    private final TrackingTokens tokens;
    private final HitRecorder hits;
    private final LinkTargets targets;
    private final Unsubscriptions unsubscriptions;
    private final ClientAddress clients;
    private final HitRateLimit limit;

    public TrackingEndpoints(Jdbi jdbi, TrackingTokens tokens, HitRecorder hits) {
        this(jdbi, tokens, hits, ClientAddress.DIRECT, 0);
    }

    public TrackingEndpoints(Jdbi jdbi, TrackingTokens tokens, HitRecorder hits, ClientAddress clients) {
        this(jdbi, tokens, hits, clients, 0);
    }

    /**
     * {@code clients} tells the client's address from the socket peer and, behind trusted proxies, their
     * headers; {@code hitsPerMinute} is the rate limit per address and token ({@link HitRateLimit}; 0 for none).
     */
    public TrackingEndpoints(Jdbi jdbi, TrackingTokens tokens, HitRecorder hits, ClientAddress clients, int hitsPerMinute) {
        this.clients = clients;
        this.limit = new HitRateLimit(hitsPerMinute);
        this.tokens = tokens;
        this.hits = hits;
        this.targets = new LinkTargets(jdbi, LINK_CACHE_SIZE);
        this.unsubscriptions = new Unsubscriptions(jdbi);
    }

    /**
     * The open pixel and the click redirect are answered by a Jetty handler in front of Javalin: they
     * are the only endpoints under load (every opened message, every click), and Javalin's servlet,
     * session and routing layers cost more than the rest of the request. The routes below still
     * serve anything that handler passes on.
     */
    @Override
    public void configure(JavalinConfig config) {
        config.jetty.modifyServer(server -> {
            server.setHandler(new TrackingHandler(this));
            // a dynamic server (handlers may change once started) counts as blocking, whatever its handlers say
            server.setDynamic(false);
        });
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/t/o/{token}.gif", this::open);
        routes.head("/t/o/{token}.gif", this::open);
        routes.get("/t/c/{token}", this::click);
        // link checkers ask with HEAD; they get the redirect too, and the hit is recorded as theirs
        routes.head("/t/c/{token}", this::click);
        routes.get("/t/u/{token}", this::unsubscribePage);
        routes.post("/t/u/{token}", this::unsubscribe);
    }

    private void open(Context ctx) {
        Optional<Hit> hit = verifiedOpen(ctx.pathParam("token"), Hit.Method.of(ctx.method().name()), ip(ctx), ctx.userAgent());
        if (hit.isEmpty()) {
            notFound(ctx);
            return;
        }
        record(hit.get());
        ctx.header("Cache-Control", NO_CACHE).contentType("image/gif").result(PIXEL);
    }

    private void click(Context ctx) {
        Optional<Click> click = verifiedClick(ctx.pathParam("token"), Hit.Method.of(ctx.method().name()), ip(ctx), ctx.userAgent());
        if (click.isEmpty()) {
            notFound(ctx);
            return;
        }
        record(click.get().hit());
        ctx.status(302).header("Location", click.get().location()).header("Cache-Control", NO_CACHE);
    }

    /** A click whose token verified, and the Location to redirect to. */
    record Click(Hit hit, String location) {
    }

    /** The open to record if the token is a valid open token; empty (record nothing) otherwise. */
    Optional<Hit> verifiedOpen(String token, Hit.Method method, String ip, String userAgent) {
        Optional<Token> t = tokens.verify(token).filter(v -> v.kind() == Kind.OPEN);
        return t.map(v -> Hit.open(v.messageId(), Instant.now(), method, ip, userAgent));
    }

    /** The click to record and where it goes; empty (record nothing) for a bad token or an unknown link. */
    Optional<Click> verifiedClick(String token, Hit.Method method, String ip, String userAgent) {
        Optional<Token> t = tokens.verify(token).filter(v -> v.kind() == Kind.CLICK);
        Optional<LinkTargets.Target> target = t.flatMap(v -> targets.find(v.messageId(), v.linkIdx()));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Hit hit = Hit.click(t.get().messageId(), t.get().linkIdx(), Instant.now(), method, ip, userAgent);
        return Optional.of(new Click(hit, location(target.get().url())));
    }

    /**
     * Records a verified hit without blocking: {@code ack} is told once it is durable, or at once when
     * its source is over the rate limit (answered as usual, not counted).
     *
     * @throws TrackingUnavailableException when the hit cannot be taken (the caller answers 503)
     */
    void record(Hit hit, HitJournal.Acknowledgement ack) {
        if (!limit.allows(hit)) {
            ack.stored();
            return;
        }
        hits.record(hit, ack);
    }

    private void unsubscribePage(Context ctx) {
        Optional<Token> token = verify(ctx, Kind.UNSUBSCRIBE);
        if (token.isEmpty() || !unsubscriptions.messageExists(token.get().messageId())) {
            notFound(ctx);
            return;
        }
        page(ctx, UnsubscribePage.confirm(UnsubscribePage.choose(ctx.header("Accept-Language"))));
    }

    /** Both the page's form and an RFC 8058 one-click POST land here; neither needs more than the token. */
    private void unsubscribe(Context ctx) {
        Optional<Token> token = verify(ctx, Kind.UNSUBSCRIBE);
        Instant at = Instant.now();
        String ip = hits.storedAddress(ip(ctx));
        if (token.isEmpty() || !unsubscriptions.unsubscribe(token.get().messageId(), at, ip, userAgent(ctx))) {
            notFound(ctx);
            return;
        }
        hits.unsubscribed(token.get().messageId(), at, ip, userAgent(ctx));
        page(ctx, UnsubscribePage.done(UnsubscribePage.choose(ctx.header("Accept-Language"))));
    }

    /** The client's address (see {@link ClientAddress}); the TrackingHandler asks {@link #clients()} likewise. */
    private String ip(Context ctx) {
        return clients.resolve(ctx.req().getRemoteAddr(), name -> java.util.Collections.list(ctx.req().getHeaders(name)));
    }

    ClientAddress clients() {
        return clients;
    }

    private Optional<Token> verify(Context ctx, Kind kind) {
        return tokens.verify(ctx.pathParam("token")).filter(t -> t.kind() == kind);
    }

    /** Records the hit unless its source is over the rate limit, waiting until it is durable; either way the caller answers it as usual. */
    private void record(Hit hit) {
        if (!limit.allows(hit)) {
            return;
        }
        try {
            hits.record(hit);
        } catch (TrackingUnavailableException e) {
            refused(e.getMessage());
            throw new ServiceUnavailableResponse(UNAVAILABLE);
        }
    }

    /** Logs why a hit was answered 503: the detail is for the operator; the client only learns to come back later. */
    static void refused(String reason) {
        LOG.warn("tracking hit refused with 503: {}", reason);
    }

    private static String userAgent(Context ctx) {
        String ua = ctx.userAgent();
        return ua == null || ua.length() <= Hit.MAX_USER_AGENT ? ua : ua.substring(0, Hit.MAX_USER_AGENT);
    }

    private static void notFound(Context ctx) {
        ctx.status(404).header("Cache-Control", NO_CACHE).contentType("text/plain; charset=utf-8").result("Not found");
    }

    private static void page(Context ctx, String html) {
        ctx.header("Cache-Control", NO_CACHE)
                .header("Content-Security-Policy", PAGE_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .contentType("text/html; charset=utf-8")
                .result(html);
    }

    /**
     * The URL as signed, byte for byte, except that characters a header cannot carry (non-ASCII,
     * spaces, controls) are percent-encoded as UTF-8, as a browser would before requesting it.
     */
    static String location(String url) {
        StringBuilder out = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(url.length() + 16).append(url, 0, i);
            }
            int cp = url.codePointAt(i);
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out == null ? url : out.toString();
    }
}
