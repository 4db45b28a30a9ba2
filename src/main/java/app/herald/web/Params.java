package app.herald.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Path and query parameters of the bounce and suppression endpoints, with 400s that name the bad value. */
final class Params {
    private Params() {
    }

    static long id(Context ctx, String what) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(what + " id must be a number, got '" + raw + "'");
        }
    }

    static int integer(Context ctx, String name, int absent) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
        }
    }
}
