package app.herald;

import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.store.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.util.HashMap;
import java.util.Map;

/** Configuration for a whole Herald in a test: the test database, loopback on a free port, a fresh data directory. */
public final class TestHeralds {
    private TestHeralds() {
    }

    /** {@code extra} adds settings or overrides these defaults. */
    public static HeraldConfig config(String adminToken, Map<String, String> extra) {
        HikariDataSource ds = (HikariDataSource) TestDatabase.database().dataSource();
        Map<String, String> settings = new HashMap<>(Map.of(
                "http.host", "127.0.0.1", "http.port", "0",
                "data_dir", TestDatabase.tempDir("herald-test-data").toString(),
                "db.url", ds.getJdbcUrl(), "db.user", ds.getUsername(),
                "admin_token", adminToken));
        settings.putAll(extra);
        return HeraldConfig.from(Settings.of(settings));
    }
}
