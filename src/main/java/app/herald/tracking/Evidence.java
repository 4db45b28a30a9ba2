package app.herald.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Objects;

/**
 * What a verdict was based on, stored with the hit ({@code tracking_event.evidence}, jsonb) and shown
 * in the recipient's timeline. Absent facts are left out of the JSON: {@code burstLinks} and
 * {@code clickBeforeOpen} exist for clicks only, {@code secondsAfterSend} only once the send is
 * recorded, the client fields only for human opens.
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
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    Evidence {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rule, "rule");
    }

    /** The same evidence with the client that read the message (human opens). */
    Evidence withClient(MailClient c) {
        return new Evidence(method, secondsAfterSend, agent, network, burstLinks, clickBeforeOpen, repeats, rule,
                c.client(), c.device(), c.os());
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evidence of a hit as JSON", e);
        }
    }
}
