package app.herald.report;

import app.herald.report.CampaignReport.ClientOpens;
import app.herald.report.CampaignReport.Human;
import app.herald.report.CampaignReport.KindCount;
import app.herald.report.CampaignReport.Machine;
import app.herald.store.Queries;
import app.herald.tracking.MachineKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The human and machine parts of a campaign report, read from the counters the tracking writer keeps. */
final class VerdictNumbers {
    /** Most client rows a report lists, most used first. */
    static final int MAX_CLIENTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, KindCount> byKind;
    private final List<ClientOpens> clients;

    private VerdictNumbers(Map<String, KindCount> byKind, List<ClientOpens> clients) {
        this.byKind = byKind;
        this.clients = clients;
    }

    static VerdictNumbers read(Handle h, Queries sql, long campaignId) {
        Map<String, KindCount> byKind = new LinkedHashMap<>();
        for (MachineKind k : MachineKind.values()) {
            byKind.put(k.sqlName, new KindCount(0, 0));
        }
        h.createQuery(sql.get("machine-kinds")).bind("campaign_id", campaignId)
                .map((rs, ctx) -> Map.entry(rs.getString("kind"), new KindCount(rs.getLong("opens"), rs.getLong("clicks"))))
                .forEach(e -> byKind.put(e.getKey(), e.getValue()));
        List<ClientOpens> clients = h.createQuery(sql.get("clients")).bind("campaign_id", campaignId).bind("limit", MAX_CLIENTS)
                .map((rs, ctx) -> new ClientOpens(rs.getString("client"), rs.getString("device"), rs.getString("os"), rs.getLong("opens")))
                .list();
        return new VerdictNumbers(byKind, clients);
    }

    static Human human(ResultSet rs, long sent) throws SQLException {
        return new Human(rs.getLong("human_unique_opens"), rs.getLong("human_opens"), Reports.rate(rs.getLong("human_unique_opens"), sent),
                rs.getLong("human_unique_clicks"), rs.getLong("human_clicks"), Reports.rate(rs.getLong("human_unique_clicks"), sent));
    }

    Machine machine(ResultSet rs) throws SQLException {
        return new Machine(rs.getLong("machine_opens"), rs.getLong("machine_clicks"), byKind);
    }

    List<ClientOpens> clients() {
        return clients;
    }

    /** A stored evidence document as a map; none for hits written before verdicts existed. */
    static Map<String, Object> evidence(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tracking_event.evidence holds invalid JSON", e);
        }
    }
}
