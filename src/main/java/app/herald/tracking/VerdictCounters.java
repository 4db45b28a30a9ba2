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
                    .bind("campaign_ids", SqlArrays.int8(sorted, MachineDelta::campaignId))
                    .bind("kinds", SqlArrays.text(sorted, MachineDelta::kind))
                    .bind("opens", SqlArrays.int8(sorted, MachineDelta::opens))
                    .bind("clicks", SqlArrays.int8(sorted, MachineDelta::clicks))
                    .execute();
        }
        if (!clients.isEmpty()) {
            List<ClientDelta> sorted = clients.stream()
                    .sorted(Comparator.comparingLong(ClientDelta::campaignId).thenComparing(d -> d.client().client())
                            .thenComparing(d -> d.client().device()).thenComparing(d -> d.client().os())).toList();
            h.createUpdate(SQL.get("upsert-client-stats"))
                    .bind("campaign_ids", SqlArrays.int8(sorted, ClientDelta::campaignId))
                    .bind("clients", SqlArrays.text(sorted, d -> d.client().client()))
                    .bind("devices", SqlArrays.text(sorted, d -> d.client().device()))
                    .bind("systems", SqlArrays.text(sorted, d -> d.client().os()))
                    .bind("opens", SqlArrays.int8(sorted, ClientDelta::opens))
                    .execute();
        }
    }
}
