package app.herald.web;

import app.herald.store.Queries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API users and their bearer tokens; only a SHA-256 of each token is stored. */
public final class Users {
    private static final Queries SQL = Queries.of(Users.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Role { ADMIN, USER }

    public record User(long id, String name, Role role) {
    }

    private final Jdbi jdbi;

    public Users(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Makes sure the first admin exists. With a configured token, the admin's token is set to it;
     * without one, a token is generated on the very first start only and returned so that it can be
     * shown once (it cannot be recovered later, only replaced by setting HERALD_ADMIN_TOKEN).
     */
    public Optional<String> ensureAdmin(Optional<String> configuredToken) {
        if (configuredToken.isPresent()) {
            jdbi.useHandle(h -> h.createUpdate(SQL.get("upsert-admin")).bind("hash", sha256(configuredToken.get())).execute());
            return Optional.empty();
        }
        String generated = newToken();
        int inserted = jdbi.withHandle(h -> h.createUpdate(SQL.get("insert-admin-if-absent")).bind("hash", sha256(generated)).execute());
        return inserted == 1 ? Optional.of(generated) : Optional.empty();
    }

    public Optional<User> findByToken(String token) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find-by-token-hash")).bind("hash", sha256(token))
                .map((rs, ctx) -> new User(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role").toUpperCase())))
                .findOne());
    }

    static String newToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return "hrld_" + HexFormat.of().formatHex(b);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
