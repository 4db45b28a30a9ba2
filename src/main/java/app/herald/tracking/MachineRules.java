package app.herald.tracking;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules that decide whether a person or a machine made an open or a click. They run in order
 * and the first that applies decides; each says why below. Known networks and agents are data
 * ({@code machine-networks.tsv}, {@code machine-agents.tsv}, {@code mail-clients.tsv}); this class
 * holds only the reasoning and the time windows.
 *
 * <p>Verdicts are final when written: a hit is judged with what is known then (its own request, the
 * message's send time and the message's earlier hits), never revised by what comes later. So the
 * first click of a scanner's burst is judged on its own evidence, which for a scanner is usually
 * enough (it comes seconds after the send, before any open, often from a known network); the second
 * and later clicks of the burst are judged with the burst in view.
 */
final class MachineRules {
    /**
     * Clicks on this many distinct links of one message within {@link #BURST_WINDOW} are a scanner:
     * gateways that check links follow all of them at once, a person reads and picks one. A campaign
     * with only two links needs both.
     */
    static final int BURST_LINKS = 3;
    static final Duration BURST_WINDOW = Duration.ofSeconds(10);
    /**
     * Two different links of one message clicked within this window are a program: a person reads,
     * chooses a link and comes back before choosing another. (The same link twice is a double click,
     * which people do.)
     */
    static final Duration RAPID_WINDOW = Duration.ofSeconds(2);
    /**
     * A click this soon after the hand-off to the relay, with no open before it, is a gateway checking
     * the link on delivery (Safe Links, Mimecast, Proofpoint, Barracuda all scan before or as the mail
     * reaches the inbox). A person would first have to see the message arrive and open it; one with
     * images blocked (Outlook's default) and a quick hand is misjudged here, which the docs say.
     */
    static final Duration FAST_CLICK = Duration.ofSeconds(60);
    /**
     * A click this soon after the hand-off is a machine even after an open: delivery, noticing the
     * message, opening and reading it and choosing a link take a person longer. Sandboxes that render
     * the message (loading the pixel) and then follow its links do it within seconds.
     */
    static final Duration INSTANT_CLICK = Duration.ofSeconds(10);
    /** How far back a message's earlier hits are read: the longest of the windows above and the repeat rule's. */
    static final Duration HISTORY_WINDOW = Duration.ofMinutes(10);

    /** A verdict and the name of the rule that reached it (stored in the evidence). */
    record Decision(Verdict verdict, String rule) {
        Decision {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(rule, "rule");
        }
    }

    private MachineRules() {
    }

    /** Distinct links that make a burst for a campaign with {@code campaignLinks} tracked links (never fewer than 2). */
    static int burstThreshold(long campaignLinks) {
        return (int) Math.max(2, Math.min(BURST_LINKS, campaignLinks));
    }

    static Decision decide(Signals s) {
        // A mail client displaying an image and a browser following a link both GET. HEAD only asks
        // whether the URL exists: link checkers and some scanners do that.
        if (s.method() == Hit.Method.HEAD) {
            return machine(knownKind(s).orElse(s.click() ? MachineKind.LINK_CHECKER : MachineKind.UNKNOWN_BOT), "head_request");
        }
        // The agent names a machine (a script, a crawler, a scanner, Apple's proxy). Apple's proxy only
        // loads images; a click with its bare agent is some other program.
        Optional<MachineKind> agentKind = s.agent().flatMap(Fetcher::machineKind);
        if (agentKind.isPresent()) {
            MachineKind kind = agentKind.get();
            return machine(kind == MachineKind.PRIVACY_PROXY_PREFETCH && s.click() ? MachineKind.UNKNOWN_BOT : kind, "machine_agent");
        }
        // Gmail's and Yahoo's image proxies fetch when the person opens the message: the open is theirs,
        // only the device is hidden. They never follow links, so a click with their agent is a program.
        if (s.agent().filter(Fetcher::mailProxy).isPresent()) {
            return s.click() ? machine(MachineKind.UNKNOWN_BOT, "mail_proxy_click") : human("mail_proxy_open");
        }
        // Every mail client and browser sends a user agent; a request without one is a program.
        if (!s.hasAgent()) {
            return machine(MachineKind.UNKNOWN_BOT, "no_user_agent");
        }
        // uap-java knows crawlers that the data file does not list.
        if (s.reading().crawler()) {
            return machine(MachineKind.UNKNOWN_BOT, "crawler_agent");
        }
        // Mail-flow networks of security gateways: nobody reads mail from there, whatever agent they send.
        Optional<MachineKind> networkKind = s.network().flatMap(Fetcher::machineKind);
        if (networkKind.isPresent() && networkKind.get() != MachineKind.PRIVACY_PROXY_PREFETCH) {
            return machine(networkKind.get(), "scanner_network");
        }
        // Apple's relay network loading an image is the privacy proxy prefetching it on delivery. A click
        // from there is a person browsing through Private Relay, so the range decides opens only.
        if (networkKind.isPresent() && !s.click()) {
            return machine(MachineKind.PRIVACY_PROXY_PREFETCH, "privacy_proxy_network");
        }
        // The same address and agent already acted as a machine on this message a moment ago: a
        // scanner coming back (a re-check, a redirect it follows) is still the scanner.
        if (s.repeatOfMachine().isPresent()) {
            return machine(s.repeatOfMachine().get(), "repeat_of_machine");
        }
        if (s.click() && s.burstLinks() >= s.burstThreshold()) {
            return machine(MachineKind.SECURITY_SCANNER, "click_burst");
        }
        if (s.click() && s.rapidLinks() >= 2) {
            return machine(MachineKind.SECURITY_SCANNER, "rapid_clicks");
        }
        // The send not yet recorded means the hit came within moments of it: as fast as it gets.
        long seconds = s.secondsAfterSend().orElse(0L);
        if (s.click() && seconds < INSTANT_CLICK.toSeconds()) {
            return machine(MachineKind.SECURITY_SCANNER, "instant_click");
        }
        if (s.click() && s.clickBeforeOpen() && seconds < FAST_CLICK.toSeconds()) {
            return machine(MachineKind.SECURITY_SCANNER, "fast_click_before_open");
        }
        // A real mail client or browser, from an address no machine is known at, acting like a person.
        if (s.reading().client().known()) {
            return human("known_client");
        }
        // An agent that names no client and no machine we know: not enough to say either way.
        return new Decision(Verdict.UNKNOWN, "no_rule");
    }

    /** The kind the agent or the network names, for a HEAD request from a known machine. */
    private static Optional<MachineKind> knownKind(Signals s) {
        return s.agent().flatMap(Fetcher::machineKind).or(() -> s.network().flatMap(Fetcher::machineKind));
    }

    private static Decision machine(MachineKind kind, String rule) {
        return new Decision(Verdict.machine(kind), rule);
    }

    private static Decision human(String rule) {
        return new Decision(Verdict.HUMAN, rule);
    }
}
