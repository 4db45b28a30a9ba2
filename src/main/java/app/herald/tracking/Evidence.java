package app.herald.tracking;

import java.util.Objects;

/**
 * What a verdict was based on, stored with the hit (one column of {@code tracking_event} each, named
 * as the fields in snake case) and shown in the recipient's timeline as the JSON document
 * {@code tracking_event_evidence(e)} makes of them. Absent facts are null and left out of that
 * document: {@code burstLinks} and {@code clickBeforeOpen} exist for clicks only,
 * {@code secondsAfterSend} only once the send is recorded, the client fields only for human opens.
 *
 * @param method           GET or HEAD
 * @param secondsAfterSend seconds from the hand-off to the relay ({@code message.sent_at}) to the hit
 * @param agent            the user agent's family: a known machine or proxy, else uap-java's family
 * @param network          the owner of the address, when {@code machine-networks.tsv} knows it
 * @param burstLinks       distinct links of the message clicked within the burst window around this click
 * @param clickBeforeOpen  no open of the message was recorded before this click
 * @param repeats          earlier hits of the same kind (and link) of the message within the history window
 * @param rule             the rule of {@link MachineRules} that decided
 */
record Evidence(String method, Long secondsAfterSend, String agent, String network, Integer burstLinks,
                Boolean clickBeforeOpen, int repeats, String rule, String client, String device, String os) {
    Evidence {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rule, "rule");
    }

    /** The same evidence with the client that read the message (human opens). */
    Evidence withClient(MailClient c) {
        return new Evidence(method, secondsAfterSend, agent, network, burstLinks, clickBeforeOpen, repeats, rule,
                c.client(), c.device(), c.os());
    }
}
