package app.herald.web;

import app.herald.delivery.SendProgress;
import app.herald.devinbox.DevInbox;
import app.herald.report.Reports;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin web UI: sign-in, the campaign dashboard and campaign report pages, and the dev inbox
 * pages when the inbox runs.
 * Pages are server-rendered jte templates in English or Simplified Chinese; static assets come
 * from the classpath folder {@code /public} under {@code /static/}.
 *
 * <p>Sign-in uses an API token and opens a server-side session (see {@link Sessions}); the cookie
 * is HttpOnly and SameSite=Lax, and every POST form also carries the session's CSRF token.
 */
public final class UiRoutes implements Routes {
    private final Ui ui;
    private final LoginPages login;
    private final DashboardPage dashboard;
    private final CampaignPages campaigns;
    private final Optional<InboxPages> inbox;

    public UiRoutes(Jdbi jdbi, Users users, Optional<DevInbox> devInbox) {
        Sessions sessions = new Sessions(jdbi);
        this.ui = new Ui(sessions, devInbox.isPresent());
        this.login = new LoginPages(ui, users, sessions);
        CampaignSummaries summaries = new CampaignSummaries(jdbi);
        this.dashboard = new DashboardPage(ui, summaries);
        this.campaigns = new CampaignPages(ui, new Reports(jdbi), summaries, id -> SendProgress.of(jdbi, id));
        this.inbox = devInbox.map(d -> new InboxPages(ui, d));
    }

    @Override
    public void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "max-age=300", "X-Content-Type-Options", "nosniff");
        });
    }

    @Override
    public void addTo(RoutesConfig routes) {
        login.addTo(routes);
        dashboard.addTo(routes);
        campaigns.addTo(routes);
        inbox.ifPresent(pages -> pages.addTo(routes));
    }
}
