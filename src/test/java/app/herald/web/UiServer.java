package app.herald.web;

import app.herald.devinbox.DevInbox;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The admin UI on a real HTTP server with a running dev inbox, on the test database. Register it
 * after {@link TestDatabase}, so that the admin (token {@link #TOKEN}) is created after the tables
 * are emptied for each test.
 */
final class UiServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static final String TOKEN = "hrld_test_admin_token_0123456789";

    private DevInbox inbox;
    private WebServer web;

    @Override
    public void beforeAll(ExtensionContext context) {
        var jdbi = TestDatabase.database().jdbi();
        Users users = new Users(jdbi);
        inbox = DevInbox.start(jdbi, 0, TrackingLog.disabled());
        web = WebServer.start("127.0.0.1", 0, List.of(new ApiAuth(users), new UiRoutes(jdbi, users, Optional.of(inbox))));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        new Users(TestDatabase.database().jdbi()).ensureAdmin(Optional.of(TOKEN));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (web != null) {
            web.close();
        }
        if (inbox != null) {
            inbox.close();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + web.port() + path;
    }

    DevInbox inbox() {
        return inbox;
    }

    /** A new message for the dev inbox's SMTP port; send it with {@code Transport.send}. */
    MimeMessage newMessage() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(inbox.port()));
        return new MimeMessage(Session.getInstance(props));
    }
}
