package app.herald.web;

import app.herald.privacy.PersonalData;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** A person's data: export (access request) and erasure, by address. */
public final class PrivacyApi implements Routes {
    private final PersonalData data;

    public PrivacyApi(PersonalData data) {
        this.data = data;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/contacts/{email}/export", ctx -> {
            String email = ctx.pathParam("email");
            ctx.header("Content-Disposition", "attachment; filename=\"herald-export.json\"")
                    .header("Cache-Control", "no-store")
                    .contentType("application/json; charset=utf-8").result(data.export(email));
        });
        routes.post("/api/contacts/{email}/erase", this::erase);
        routes.delete("/api/contacts/{email}", this::erase);
    }

    private void erase(Context ctx) {
        ctx.json(data.erase(ctx.pathParam("email")));
    }
}
