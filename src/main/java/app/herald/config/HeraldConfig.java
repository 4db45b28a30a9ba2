package app.herald.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Herald's validated configuration. Built once at start from {@link Settings}; every later use
 * trusts these types. Each key is also an environment variable: {@code smtp.host} is
 * {@code HERALD_SMTP_HOST}.
 */
public record HeraldConfig(Http http, URI publicUrl, Path dataDir, Db db, Smtp smtp,
                           Optional<String> adminToken, Optional<String> trackingSecret, DevInboxConfig devInbox,
                           MessageTrackingLogConfig messageTrackingLog) {

    public static final Set<String> KEYS = union(Set.of(
            "http.host", "http.port", "public_url", "data_dir",
            "db.url", "db.user", "db.password",
            "smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.tls", "smtp.connections",
            "admin_token", "tracking_secret",
            "dev_inbox.enabled", "dev_inbox.port"), MessageTrackingLogConfig.KEYS);

    public HeraldConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(trackingSecret, "trackingSecret");
        Objects.requireNonNull(devInbox, "devInbox");
        Objects.requireNonNull(messageTrackingLog, "messageTrackingLog");
    }

    public record Http(String host, int port) {
        public Http {
            Objects.requireNonNull(host, "host");
        }
    }

    /** An empty url means: run the embedded PostgreSQL under the data directory. */
    public record Db(Optional<String> url, String user, String password) {
        public Db {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }

    public enum Tls { NONE, STARTTLS, TLS }

    public record Smtp(String host, int port, Optional<String> user, Optional<String> password, Tls tls, int connections) {
        public Smtp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(tls, "tls");
        }
    }

    /**
     * The built-in development SMTP inbox on 127.0.0.1; when enabled, Herald sends all its mail
     * there instead of to the configured relay. Port 0 picks a free port.
     */
    public record DevInboxConfig(boolean enabled, int port) {
    }

    public static HeraldConfig from(Settings s) {
        Http http = new Http(s.get("http.host", "0.0.0.0"), s.getInt("http.port", 8080, 0, 65535));
        URI publicUrl = publicUrl(s, http.port());
        Path dataDir = Path.of(s.get("data_dir", "data")).toAbsolutePath().normalize();

        Optional<String> dbUrl = s.find("db.url");
        dbUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw Settings.invalid("db.url", url, "must be a jdbc:postgresql: URL, e.g. jdbc:postgresql://db.example.com:5432/herald");
            }
        });
        Db db = new Db(dbUrl, s.get("db.user", "postgres"), s.get("db.password", ""));

        String tlsRaw = s.get("smtp.tls", "none");
        Tls tls = switch (tlsRaw.toLowerCase()) {
            case "none" -> Tls.NONE;
            case "starttls" -> Tls.STARTTLS;
            case "tls", "ssl" -> Tls.TLS;
            default -> throw Settings.invalid("smtp.tls", tlsRaw, "must be none, starttls or tls");
        };
        int defaultPort = tls == Tls.TLS ? 465 : 25;
        Smtp smtp = new Smtp(s.get("smtp.host", "localhost"), s.getInt("smtp.port", defaultPort, 1, 65535),
                s.find("smtp.user"), s.find("smtp.password"), tls, s.getInt("smtp.connections", 4, 1, 256));
        if (smtp.user().isPresent() != smtp.password().isPresent()) {
            throw new ConfigException("smtp.user (HERALD_SMTP_USER) and smtp.password (HERALD_SMTP_PASSWORD) must be set together");
        }

        Optional<String> adminToken = s.find("admin_token");
        adminToken.ifPresent(t -> {
            if (t.length() < 16) {
                throw Settings.invalid("admin_token", "…", "must be at least 16 characters long");
            }
        });
        Optional<String> secret = s.find("tracking_secret");
        secret.ifPresent(t -> {
            if (t.length() < 32) {
                throw Settings.invalid("tracking_secret", "…", "must be at least 32 characters long (use a random string)");
            }
        });
        DevInboxConfig devInbox = new DevInboxConfig(s.getBoolean("dev_inbox.enabled", false), s.getInt("dev_inbox.port", 2525, 0, 65535));
        return new HeraldConfig(http, publicUrl, dataDir, db, smtp, adminToken, secret, devInbox,
                MessageTrackingLogConfig.from(s, dataDir));
    }

    private static URI publicUrl(Settings s, int port) {
        String raw = s.get("public_url", "http://localhost:" + port);
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw Settings.invalid("public_url", raw, "must be an absolute http(s) URL such as https://t.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw Settings.invalid("public_url", raw, "is not a URL: " + e.getReason());
        }
    }

    public HeraldConfig withSmtp(Smtp newSmtp) {
        return new HeraldConfig(http, publicUrl, dataDir, db, newSmtp, adminToken, trackingSecret, devInbox, messageTrackingLog);
    }

    public HeraldConfig withDevInbox(DevInboxConfig newDevInbox) {
        return new HeraldConfig(http, publicUrl, dataDir, db, smtp, adminToken, trackingSecret, newDevInbox, messageTrackingLog);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
