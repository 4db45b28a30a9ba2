package app.herald.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link MachineRules} may look at for one hit, gathered by {@link HitClassifier} from the
 * request, the data files and the message's earlier hits.
 *
 * @param agent             the data files' reading of the user agent (a machine or a mail proxy)
 * @param reading           uap-java's and Herald's reading of the user agent as a mail client
 * @param network           the known owner of the address
 * @param secondsAfterSend  seconds since the message was handed to the relay; empty while the send is
 *                          not recorded yet, which means the hit came within moments of it
 * @param burstLinks        clicks: distinct links of the message clicked within the burst window
 * @param burstThreshold    how many distinct links make a burst for this message's campaign
 * @param rapidLinks        clicks: distinct links of the message clicked within the rapid window
 * @param clickBeforeOpen   clicks: no open of the message was recorded before
 * @param repeats           earlier hits of the same kind (and link) within the history window
 * @param repeatOfMachine   the kind of an earlier machine hit of this message from the same address
 *                          and agent within the history window
 */
record Signals(Hit.Kind kind, Hit.Method method, boolean hasAgent, Optional<Fetcher> agent, MailClients.Reading reading,
               Optional<Fetcher> network, Optional<Long> secondsAfterSend, int burstLinks, int burstThreshold,
               int rapidLinks, boolean clickBeforeOpen, int repeats, Optional<MachineKind> repeatOfMachine) {
    Signals {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(secondsAfterSend, "secondsAfterSend");
        Objects.requireNonNull(repeatOfMachine, "repeatOfMachine");
    }

    boolean click() {
        return kind == Hit.Kind.CLICK;
    }
}
