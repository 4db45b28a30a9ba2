package app.herald.tracking;

import app.herald.store.Queries;
import app.herald.tracking.HitBatch.ClientDelta;
import app.herald.tracking.HitBatch.MachineDelta;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The per-campaign machine-kind and mail-client counters of one batch, in key order (see {@link HitWriter}). */
final class VerdictCounters {
    private static final Queries SQL = Queries.of(VerdictCounters.class);

    private VerdictCounters() {
    }

    static void write(Handle h, List<MachineDelta> machines, List<ClientDelta> clients) {
        if (!machines.isEmpty()) {
            List<MachineDelta> sorted = machines.stream()
                    .sorted(Comparator.comparingLong(MachineDelta::campaignId).thenComparing(MachineDelta::kind)).toList();
            h.createUpdate(SQL.get("upsert-machine-stats"))
                    .bindArray("campaign_ids", Long.class, HitWriter.map(sorted, MachineDelta::campaignId))
                    .bindArray("kinds", String.class, HitWriter.map(sorted, MachineDelta::kind))
                    .bindArray("opens", Long.class, HitWriter.map(sorted, MachineDelta::opens))
                    .bindArray("clicks", Long.class, HitWriter.map(sorted, MachineDelta::clicks))
                    .execute();
        }
        if (!clients.isEmpty()) {
            List<ClientDelta> sorted = clients.stream()
                    .sorted(Comparator.comparingLong(ClientDelta::campaignId).thenComparing(d -> d.client().client())
                            .thenComparing(d -> d.client().device()).thenComparing(d -> d.client().os())).toList();
            h.createUpdate(SQL.get("upsert-client-stats"))
                    .bindArray("campaign_ids", Long.class, HitWriter.map(sorted, ClientDelta::campaignId))
                    .bindArray("clients", String.class, HitWriter.map(sorted, d -> d.client().client()))
                    .bindArray("devices", String.class, HitWriter.map(sorted, d -> d.client().device()))
                    .bindArray("systems", String.class, HitWriter.map(sorted, d -> d.client().os()))
                    .bindArray("opens", Long.class, HitWriter.map(sorted, ClientDelta::opens))
                    .execute();
        }
    }
}
