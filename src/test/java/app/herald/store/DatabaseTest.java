package app.herald.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import app.herald.HeraldException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DatabaseTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void migratesTheSchema() {
        Integer tables = DB.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pg_tables WHERE tablename IN ('contact', 'campaign', 'message', 'tracking_event')")
                .mapTo(Integer.class).one());
        assertThat(tables).isEqualTo(4);
    }

    @Test
    void embeddedServerIsDurable() {
        assumeFalse(TestDatabase.isExternal(), "durability settings are the external server's own business");
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("synchronous_commit")).isEqualTo("on");
        assertThat(setting("full_page_writes")).isEqualTo("on");
    }

    @Test
    void storedValueIsCreatedOnceAndKept() {
        StoredValues values = new StoredValues(DB.jdbi());
        String first = values.getOrCreate("k", () -> "one");
        String second = values.getOrCreate("k", () -> "two");
        assertThat(first).isEqualTo("one");
        assertThat(second).isEqualTo("one");
    }

    @Test
    void unreachableServerFailsWithAnActionableMessage() {
        assertThatThrownBy(() -> Database.external("jdbc:postgresql://127.0.0.1:1/nothing", "postgres", "", 2))
                .isInstanceOf(HeraldException.class)
                .hasMessageContaining("cannot connect to PostgreSQL")
                .hasMessageContaining("HERALD_DB_URL");
    }

    private String setting(String name) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT current_setting('" + name + "')").mapTo(String.class).one());
    }
}
