package app.herald.web;

import app.herald.NotFoundException;
import app.herald.audience.Audience;
import app.herald.audience.Contact;
import app.herald.audience.ImportResult;
import app.herald.audience.TrackingConsent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The audience API: lists, CSV import into a list, contact lookup. */
public final class AudienceApi implements Routes {
    private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "text/plain");

    private final Audience audience;

    public AudienceApi(Audience audience) {
        this.audience = audience;
    }

    record NewList(String name) {
    }

    record Created(long id) {
    }

    record ContactView(long id, String email, String firstName, String lastName, String company, String country,
                       String language, String timezone, Map<String, String> attributes, String status, Instant createdAt,
                       String trackingConsent) {
        static ContactView of(Contact c) {
            return new ContactView(c.id(), c.email(), c.firstName().orElse(null), c.lastName().orElse(null),
                    c.company().orElse(null), c.country().orElse(null), c.language().orElse(null),
                    c.timezone().orElse(null), c.attributes(), c.status().name().toLowerCase(Locale.ROOT), c.createdAt(),
                    c.trackingConsent().dbName());
        }
    }

    /** PATCH /api/contacts/{email}: only the consent can be changed so far. */
    record ContactChange(String trackingConsent) {
    }

    /** PATCH /api/lists/{id}: tracking_consent_default on, off or null (the global setting). */
    record ListChange(String trackingConsentDefault) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/lists", ctx -> {
            long id = audience.createList(WebServer.body(ctx, NewList.class).name());
            ctx.status(HttpStatus.CREATED).json(new Created(id));
        });
        routes.get("/api/lists", ctx -> ctx.json(audience.lists()));
        routes.get("/api/lists/{id}", ctx -> ctx.json(audience.getList(listId(ctx))));
        routes.patch("/api/lists/{id}", ctx -> {
            String raw = WebServer.body(ctx, ListChange.class).trackingConsentDefault();
            ctx.json(audience.setTrackingConsentDefault(listId(ctx), Optional.ofNullable(raw)
                    .map(r -> TrackingConsent.of("tracking_consent_default", r))));
        });
        routes.post("/api/lists/{id}/import", this::importCsv);
        routes.patch("/api/contacts/{email}", ctx -> {
            ContactChange change = WebServer.body(ctx, ContactChange.class);
            if (change.trackingConsent() == null) {
                throw new BadRequestResponse("send {\"tracking_consent\": \"on\"} (or off, unknown); nothing else of a contact can be changed here");
            }
            ctx.json(ContactView.of(audience.setTrackingConsent(ctx.pathParam("email"),
                    TrackingConsent.of("tracking_consent", change.trackingConsent()))));
        });
        routes.get("/api/contacts", ctx -> {
            String email = ctx.queryParam("email");
            if (email == null || email.isBlank()) {
                throw new BadRequestResponse("query parameter 'email' is required, e.g. /api/contacts?email=ana@example.com");
            }
            Contact contact = audience.findContactByEmail(email)
                    .orElseThrow(() -> new NotFoundException("contact", email));
            ctx.json(ContactView.of(contact));
        });
    }

    /** Streams the body into the import: an upload of any size is never held in memory. */
    private void importCsv(Context ctx) {
        long listId = listId(ctx);
        requireCsv(ctx.contentType());
        ImportResult result = audience.importCsv(listId, ctx.bodyInputStream(), null);
        ctx.json(result);
    }

    private static void requireCsv(String contentType) {
        String[] parts = (contentType == null ? "" : contentType).split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!CSV_TYPES.contains(type)) {
            throw new UnsupportedMediaTypeResponse("send the CSV file as the request body with 'Content-Type: text/csv' (got '"
                    + (contentType == null ? "" : contentType) + "')");
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=") && !param.equals("charset=utf-8") && !param.equals("charset=\"utf-8\"")) {
                throw new UnsupportedMediaTypeResponse("only UTF-8 CSV files can be imported (got '" + contentType + "'); save the file as \"CSV UTF-8\"");
            }
        }
    }

    private static long listId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("list id must be a number, got '" + raw + "'");
        }
    }
}
