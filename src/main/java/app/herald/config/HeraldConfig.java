package app.herald.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Herald's validated configuration. Built once at start from {@link Settings}; every later use
 * trusts these types. Each key is also an environment variable: {@code smtp.host} is
 * {@code HERALD_SMTP_HOST}.
 */
public record HeraldConfig(Http http, URI publicUrl, Path dataDir, Db db, Smtp smtp,
                           Optional<String> adminToken, Optional<String> trackingSecret, DevInboxConfig devInbox,
                           Domains domains, Bounce bounce,
                           MessageTrackingLogConfig messageTrackingLog, List<Duration> retrySchedule,
                           List<Cidr> trustedProxies, int trackingKeyId, Map<Integer, String> trackingSecretsPrevious,
                           SendingConfig sending, TrackingPrivacyConfig trackingPrivacy, int trackingRateLimit,
                           Duration deliveryLease) {

    /**
     * delivery.retry_schedule by default: after a temporary failure (4xx, timeout, lost connection)
     * wait 1 minute, then 5, 15, 1 hour, 4, 12, 24, 24 hours: 9 tries, the last about 65 hours (close to
     * 3 days) after the first.
     */
    public static final List<Duration> DEFAULT_RETRY_SCHEDULE = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofHours(24),
            Duration.ofHours(24));

    public static final Set<String> KEYS = union(Set.of(
            "http.host", "http.port", "public_url", "data_dir",
            "db.url", "db.user", "db.password",
            "smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.tls", "smtp.connections",
            "admin_token", "tracking_secret", "tracking_key_id", "tracking_secrets_previous",
            "dev_inbox.enabled", "dev_inbox.port",
            "dkim.fallback_domain", "dns.resolver",
            "bounce.domain", "bounce.smtp.enabled", "bounce.smtp.host", "bounce.smtp.port",
            "bounce.mailbox.url", "bounce.mailbox.interval", "bounce.soft_limit", "bounce.soft_window",
            "delivery.retry_schedule", "delivery.lease", "trusted_proxies", "tracking.rate_limit"), union(MessageTrackingLogConfig.KEYS, union(SendingConfig.KEYS, TrackingPrivacyConfig.KEYS)));

    public HeraldConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(trackingSecret, "trackingSecret");
        Objects.requireNonNull(devInbox, "devInbox");
        Objects.requireNonNull(domains, "domains");
        Objects.requireNonNull(bounce, "bounce");
        Objects.requireNonNull(messageTrackingLog, "messageTrackingLog");
        retrySchedule = List.copyOf(retrySchedule);
        trustedProxies = List.copyOf(trustedProxies);
        trackingSecretsPrevious = Map.copyOf(trackingSecretsPrevious);
        Objects.requireNonNull(sending, "sending");
        Objects.requireNonNull(trackingPrivacy, "trackingPrivacy");
        Objects.requireNonNull(deliveryLease, "deliveryLease");
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

    /**
     * Sending domains: the domain whose DKIM keys sign mail from domains without keys of their own
     * (empty: such mail goes out unsigned), and the DNS server {@code herald domain check} asks
     * (empty: the first nameserver of /etc/resolv.conf).
     */
    public record Domains(Optional<String> dkimFallbackDomain, Optional<InetSocketAddress> dnsResolver) {
        public Domains {
            Objects.requireNonNull(dkimFallbackDomain, "dkimFallbackDomain");
            Objects.requireNonNull(dnsResolver, "dnsResolver");
        }

        static Domains from(Settings s) {
            Optional<String> fallback = s.find("dkim.fallback_domain").map(d -> d.toLowerCase(java.util.Locale.ROOT));
            fallback.ifPresent(d -> {
                if (!d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                    throw Settings.invalid("dkim.fallback_domain", d, "must be a domain name such as example.com (IDNs in punycode)");
                }
            });
            return new Domains(fallback, s.find("dns.resolver").map(r -> {
                try {
                    return hostPort(r, 53);
                } catch (IllegalArgumentException e) {
                    throw Settings.invalid("dns.resolver", r, e.getMessage());
                }
            }));
        }
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}, unresolved; IllegalArgumentException says what is wrong. */
    public static InetSocketAddress hostPort(String raw, int defaultPort) {
        String host = raw;
        int port = defaultPort;
        int colon = raw.lastIndexOf(':');
        if (raw.startsWith("[")) {
            int close = raw.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address goes in brackets, e.g. [::1]:53");
            }
            host = raw.substring(1, close);
            colon = raw.indexOf(':', close);
            if (close + 1 < raw.length() && colon != close + 1) {
                throw new IllegalArgumentException("expected [address]:port");
            }
        } else if (colon >= 0 && raw.indexOf(':') != colon) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, e.g. [::1]:53");
        } else if (colon >= 0) {
            host = raw.substring(0, colon);
        }
        if (colon >= 0) {
            try {
                port = Integer.parseInt(raw.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port must be a number from 1 to 65535");
            }
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("give a host, e.g. 127.0.0.1:53");
        }
        return InetSocketAddress.createUnresolved(host, port);
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
        int trackingKeyId = s.getInt("tracking_key_id", 0, 0, 255);
        DevInboxConfig devInbox = new DevInboxConfig(s.getBoolean("dev_inbox.enabled", false), s.getInt("dev_inbox.port", 2525, 0, 65535));
        return new HeraldConfig(http, publicUrl, dataDir, db, smtp, adminToken, secret, devInbox, Domains.from(s), Bounce.from(s),
                MessageTrackingLogConfig.from(s, dataDir), retrySchedule(s), trustedProxies(s),
                trackingKeyId, trackingSecretsPrevious(s, trackingKeyId), SendingConfig.from(s, smtp), TrackingPrivacyConfig.from(s),
                trackingRateLimit(s), deliveryLease(s));
    }

    /**
     * tracking.rate_limit: hits counted per client address and token (one message's pixel, or one of
     * its links) and minute, default 60; {@code off} (or 0) counts every hit. Hits over it are still
     * answered (docs/tracking.md).
     */
    static int trackingRateLimit(Settings s) {
        Optional<String> raw = s.find("tracking.rate_limit");
        if (raw.isEmpty()) {
            return 60;
        }
        String v = raw.get().strip();
        if (v.equalsIgnoreCase("off")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Settings.invalid("tracking.rate_limit", raw.get(), "must be a number of hits per address, token and minute "
                + "from 0 to 1000000, or off (e.g. 60)");
    }

    /** delivery.retry_schedule: comma-separated time spans such as {@code 1m,5m,15m,1h}; empty for no retries. */
    static List<Duration> retrySchedule(Settings s) {
        Optional<String> raw = s.find("delivery.retry_schedule");
        if (raw.isEmpty()) {
            return DEFAULT_RETRY_SCHEDULE;
        }
        if (raw.get().isBlank() || raw.get().strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Duration> schedule = new java.util.ArrayList<>();
        for (String part : raw.get().split(",", -1)) {
            try {
                schedule.add(Quantities.timeSpan(part).orElseThrow(() -> new IllegalArgumentException("is not a positive time span")));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid("delivery.retry_schedule", raw.get(), "must be comma-separated time spans such as "
                        + "1m,5m,15m,1h,4h,12h,24h,24h (or none); '" + part.strip() + "' " + e.getMessage());
            }
        }
        return List.copyOf(schedule);
    }

    /** delivery.lease by default; see {@link #deliveryLease(Settings)}. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    /**
     * delivery.lease: how long a node holds the messages it claimed before another node may take them
     * over. The holder renews it while it works on them, so it bounds how soon the work of a node that
     * died (kill -9, power loss) is picked up, not how long a send may take. At least 3 seconds (the
     * renewal runs every third of it).
     */
    static Duration deliveryLease(Settings s) {
        Optional<String> raw = s.find("delivery.lease");
        if (raw.isEmpty()) {
            return DEFAULT_LEASE;
        }
        Optional<Duration> lease;
        try {
            lease = Quantities.timeSpan(raw.get());
        } catch (IllegalArgumentException e) {
            lease = Optional.empty();
        }
        if (lease.isEmpty() || lease.get().compareTo(Duration.ofSeconds(3)) < 0) {
            throw Settings.invalid("delivery.lease", raw.get(), "must be a time span of at least 3s, such as 2m or 90s");
        }
        return lease.get();
    }

    /**
     * trusted_proxies: comma-separated CIDRs of the reverse proxies or CDN in front of Herald, whose
     * X-Forwarded-For / Forwarded headers name the client; none by default.
     */
    static List<Cidr> trustedProxies(Settings s) {
        Optional<String> raw = s.find("trusted_proxies");
        if (raw.isEmpty()) {
            return List.of();
        }
        List<Cidr> cidrs = new java.util.ArrayList<>();
        for (String part : raw.get().split(",", -1)) {
            try {
                cidrs.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid("trusted_proxies", raw.get(), "must be comma-separated IPv4 or IPv6 ranges such as "
                        + "10.0.0.0/8,2001:db8::/32; " + e.getMessage());
            }
        }
        return List.copyOf(cidrs);
    }

    /**
     * tracking_secrets_previous: comma-separated {@code ID:SECRET} pairs of retired tracking keys whose
     * tokens still verify (key rotation, docs/tracking.md); none by default. Errors never repeat a secret.
     */
    static Map<Integer, String> trackingSecretsPrevious(Settings s, int currentKeyId) {
        Optional<String> raw = s.find("tracking_secrets_previous");
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<Integer, String> keys = new java.util.TreeMap<>();
        String[] parts = raw.get().split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int colon = part.indexOf(':');
            String what = "entry " + (i + 1) + " ";
            int id;
            try {
                id = colon < 0 ? -1 : Integer.parseInt(part.substring(0, colon).strip());
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0 || id > 255) {
                throw Settings.invalid("tracking_secrets_previous", "…", what + "must be ID:SECRET with an ID from 0 to 255");
            }
            String secret = part.substring(colon + 1).strip();
            if (secret.length() < 32) {
                throw Settings.invalid("tracking_secrets_previous", "…", what + "(key id " + id + ") needs a secret of at least 32 characters");
            }
            if (id == currentKeyId) {
                throw Settings.invalid("tracking_secrets_previous", "…", what + "has key id " + id
                        + ", which is tracking_key_id (the current key); give the old key its own id");
            }
            if (keys.put(id, secret) != null) {
                throw Settings.invalid("tracking_secrets_previous", "…", "key id " + id + " is listed twice");
            }
        }
        return keys;
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

    /** With {@code newSmtp} as the only relay (the dev inbox takes all mail); the sending limits stay. */
    public HeraldConfig withSmtp(Smtp newSmtp) {
        return new HeraldConfig(http, publicUrl, dataDir, db, newSmtp, adminToken, trackingSecret, devInbox, domains, bounce, messageTrackingLog, retrySchedule, trustedProxies,
                trackingKeyId, trackingSecretsPrevious, sending.withSingleRelay(newSmtp), trackingPrivacy, trackingRateLimit, deliveryLease);
    }

    public HeraldConfig withDevInbox(DevInboxConfig newDevInbox) {
        return new HeraldConfig(http, publicUrl, dataDir, db, smtp, adminToken, trackingSecret, newDevInbox, domains, bounce, messageTrackingLog, retrySchedule, trustedProxies,
                trackingKeyId, trackingSecretsPrevious, sending, trackingPrivacy, trackingRateLimit, deliveryLease);
    }

    /**
     * Bounce handling (docs/bounces.md). Without {@code domain} there is no VERP: the envelope
     * sender is the campaign's from address and bounces go to that mailbox. The SMTP listener
     * receives bounces for the domain (its MX points here); the mailbox, when set, is polled.
     */
    public record Bounce(Optional<String> domain, boolean smtpEnabled, String smtpHost, int smtpPort,
                         Optional<URI> mailboxUrl, Duration mailboxInterval, int softLimit, Duration softWindow) {
        private static final Pattern DOMAIN = Pattern.compile("(?i)^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
        private static final Set<String> MAILBOX_SCHEMES = Set.of("imap", "imaps", "pop3", "pop3s");

        public Bounce {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(smtpHost, "smtpHost");
            Objects.requireNonNull(mailboxUrl, "mailboxUrl");
            Objects.requireNonNull(mailboxInterval, "mailboxInterval");
            Objects.requireNonNull(softWindow, "softWindow");
        }

        static Bounce from(Settings s) {
            Optional<String> domain = s.find("bounce.domain").map(d -> d.toLowerCase(Locale.ROOT));
            domain.ifPresent(d -> {
                if (!DOMAIN.matcher(d).matches()) {
                    throw Settings.invalid("bounce.domain", d, "must be a domain name such as bounces.example.com");
                }
            });
            boolean smtpEnabled = s.getBoolean("bounce.smtp.enabled", false);
            if (smtpEnabled && domain.isEmpty()) {
                throw new ConfigException("bounce.smtp.enabled (HERALD_BOUNCE_SMTP_ENABLED) needs bounce.domain "
                        + "(HERALD_BOUNCE_DOMAIN): the listener accepts mail only for the bounce domain");
            }
            Optional<URI> mailbox = s.find("bounce.mailbox.url").map(Bounce::mailboxUrl);
            return new Bounce(domain, smtpEnabled, s.get("bounce.smtp.host", "127.0.0.1"), s.getInt("bounce.smtp.port", 2526, 0, 65535),
                    mailbox, duration(s, "bounce.mailbox.interval", Duration.ofSeconds(60)), s.getInt("bounce.soft_limit", 3, 1, 1000),
                    duration(s, "bounce.soft_window", Duration.ofDays(7)));
        }

        private static URI mailboxUrl(String raw) {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw Settings.invalid("bounce.mailbox.url", "…", "is not a URL (" + e.getReason()
                        + "); write imaps://user:password@host/INBOX, with special characters in the password %-encoded");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!MAILBOX_SCHEMES.contains(scheme) || uri.getHost() == null || uri.getUserInfo() == null) {
                // the value holds a password: never repeat it in the message
                throw Settings.invalid("bounce.mailbox.url", "…", "must be imap://, imaps://, pop3:// or pop3s:// with user, "
                        + "password and host, e.g. imaps://bounces:secret@mail.example.com/INBOX");
            }
            return uri;
        }

        /** {@code 90s}, {@code 5m}, {@code 12h}, {@code 7d} or {@code 1.00:00:00}, as the tracking log's max age. */
        static Duration duration(Settings s, String key, Duration fallback) {
            Optional<String> raw = s.find(key);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                return Quantities.timeSpan(raw.get()).orElseThrow(() -> new IllegalArgumentException("must be a positive time span"));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(key, raw.get(), e.getMessage());
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
