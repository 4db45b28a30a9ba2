package app.herald.devinbox;

import app.herald.NotFoundException;
import app.herald.store.Queries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The captured messages in {@code dev_inbox_message}. */
final class InboxStore {
    private static final Queries SQL = Queries.of(InboxStore.class);

    private final Jdbi jdbi;

    InboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long insert(String from, List<String> to, Optional<String> subject, byte[] raw) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("insert"))
                .bind("from", from)
                .bind("to", String.join(",", to))
                .bind("subject", subject.orElse(null))
                .bind("raw", raw)
                .mapTo(Long.class).one());
    }

    List<InboxMessage> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("latest")).bind("limit", limit).map((rs, ctx) -> message(rs)).list());
    }

    InboxMessage get(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find")).bind("id", id).map((rs, ctx) -> message(rs)).findOne())
                .orElseThrow(() -> new NotFoundException("dev inbox message", id));
    }

    byte[] raw(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find-raw")).bind("id", id).mapTo(byte[].class).findOne())
                .orElseThrow(() -> new NotFoundException("dev inbox message", id));
    }

    int deleteAll() {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("delete-all")).execute());
    }

    private static InboxMessage message(ResultSet rs) throws SQLException {
        String to = rs.getString("rcpt_to");
        return new InboxMessage(rs.getLong("id"), rs.getTimestamp("received_at").toInstant(), rs.getString("mail_from"),
                to.isEmpty() ? List.of() : Arrays.asList(to.split(",")),
                Optional.ofNullable(rs.getString("subject")), rs.getInt("size"));
    }
}
