package app.herald.campaign;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.Queries;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Campaigns: create, read and edit drafts. Everything a send could trip over is checked here, when
 * the campaign is saved: fields, addresses, lists and the templates.
 */
public final class Campaigns {
    private static final Queries SQL = Queries.of(Campaigns.class);

    private final Jdbi jdbi;
    private final Templates templates = new Templates();

    public Campaigns(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new draft and its (zeroed) counters; returns its id. */
    public long create(CampaignDraft draft) {
        return create(draft, Optional.empty());
    }

    /** Creates a campaign owned by an API user: users who are not admins see only their own campaigns' messages. */
    public long create(CampaignDraft draft, Optional<Long> ownerUserId) {
        templates.compile(draft.subject(), draft.html(), draft.text());
        return jdbi.inTransaction(h -> {
            requireListsExist(h, draft.listIds());
            long id = bindDraft(h.createQuery(SQL.get("insert")), draft).bind("owner_user_id", ownerUserId.orElse(null))
                    .mapTo(Long.class).one();
            setLists(h, id, draft.listIds());
            h.createUpdate(SQL.get("insert-stats")).bind("id", id).execute();
            return id;
        });
    }

    /** Replaces a draft's content; a campaign that is sending or sent cannot change. */
    public void update(long id, CampaignDraft draft) {
        templates.compile(draft.subject(), draft.html(), draft.text());
        jdbi.useTransaction(h -> {
            requireListsExist(h, draft.listIds());
            int updated = bindDraft(h.createUpdate(SQL.get("update")), draft).bind("id", id).execute();
            if (updated == 0) {
                CampaignStatus status = find(h, id).orElseThrow(() -> new NotFoundException("campaign", id)).status();
                throw new InvalidInputException("campaign " + id + " is " + status.dbName()
                        + " and can no longer be changed; only a draft can be edited (create a new campaign instead)");
            }
            setLists(h, id, draft.listIds());
        });
    }

    public Campaign get(long id) {
        return jdbi.withHandle(h -> find(h, id)).orElseThrow(() -> new NotFoundException("campaign", id));
    }

    public Optional<Campaign> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** All campaigns, newest first. */
    public List<Campaign> list() {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("list")).map(Campaigns::map).list());
    }

    private static Optional<Campaign> find(Handle h, long id) {
        return h.createQuery(SQL.get("get")).bind("id", id).map(Campaigns::map).findOne();
    }

    private static <S extends SqlStatement<S>> S bindDraft(S statement, CampaignDraft d) {
        return statement.bind("name", d.name()).bind("subject", d.subject()).bind("from_name", d.fromName())
                .bind("from_email", d.fromEmail()).bind("reply_to", d.replyTo().orElse(null)).bind("html", d.html())
                .bind("text_body", d.text().orElse(null)).bind("request_read_receipt", d.requestReadReceipt())
                .bind("track_opens", d.tracking().opens()).bind("track_clicks", d.tracking().clicks())
                .bind("anonymous", d.tracking().anonymous());
    }

    private static void requireListsExist(Handle h, List<Long> listIds) {
        List<Long> found = h.createQuery(SQL.get("existing-lists")).bindArray("ids", Long.class, listIds)
                .mapTo(Long.class).list();
        List<Long> missing = new ArrayList<>(listIds);
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new InvalidInputException((missing.size() == 1 ? "list " : "lists ")
                    + missing.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + (missing.size() == 1 ? " does" : " do") + " not exist; check list_ids");
        }
    }

    private static void setLists(Handle h, long id, List<Long> listIds) {
        h.createUpdate(SQL.get("delete-lists")).bind("id", id).execute();
        h.createUpdate(SQL.get("insert-lists")).bind("id", id).bindArray("ids", Long.class, listIds).execute();
    }

    private static Campaign map(ResultSet rs, StatementContext ctx) throws SQLException {
        Array lists = rs.getArray("list_ids");
        List<Long> listIds = lists == null ? List.of() : Arrays.asList((Long[]) lists.getArray());
        return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getString("subject"), rs.getString("from_name"),
                rs.getString("from_email"), Optional.ofNullable(rs.getString("reply_to")), rs.getString("html"),
                Optional.ofNullable(rs.getString("text_body")), listIds, CampaignStatus.fromDb(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"),
                Optional.ofNullable(rs.getObject("started_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                rs.getBoolean("request_read_receipt"),
                new CampaignTracking(rs.getBoolean("track_opens"), rs.getBoolean("track_clicks"), rs.getBoolean("anonymous")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
