package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.MessageRenderer;
import app.herald.campaign.RenderException;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders, builds and sends one leased message over a borrowed connection; never throws for one bad
 * message. Preparing (render, build, sign) and delivering are separate steps so that the next
 * message can be prepared while the relay takes the current one in. Each outcome goes to the message
 * tracking log as it happens.
 */
final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final Pattern SMTP_TEMPORARY = Pattern.compile("4\\d\\d([ -]|$)");
    /** A limit that frees a slot sooner than this is waited out on the worker; a longer hold requeues the message. */
    static final Duration THROTTLE_WAIT = Duration.ofSeconds(1);

    private final MessageRenderer renderer;
    private final Outbound outbound;
    private final DeliveryEvents events;
    private final MimeMessages mime = new MimeMessages();
    private final List<Duration> retrySchedule;
    private final RelaySet relays;
    private final Throttle throttle;
    private final Duration connectionWait;

    /** A message ready to go, or the reason it will not be sent. */
    sealed interface Prepared {
        Outgoing message();
    }

    record Ready(Outgoing message, Campaign campaign, String subject, PreparedMessage mime, InternetAddress to) implements Prepared {
        Ready {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(campaign, "campaign");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(mime, "mime");
            Objects.requireNonNull(to, "to");
        }
    }

    record Skipped(Attempt attempt) implements Prepared {
        @Override
        public Outgoing message() {
            return attempt.message();
        }
    }

    /**
     * {@code retrySchedule}: after a temporary failure of try n, try n + 1 waits retrySchedule[n - 1];
     * once the schedule is used up, the temporary failure is final. A message waits up to
     * {@code connectionWait} for a connection of the relay chosen for it.
     */
    Sender(MessageRenderer renderer, RelaySet relays, Throttle throttle, Outbound outbound, DeliveryEvents events,
           List<Duration> retrySchedule, Duration connectionWait) {
        this.retrySchedule = List.copyOf(retrySchedule);
        this.renderer = renderer;
        this.relays = relays;
        this.throttle = throttle;
        this.outbound = outbound;
        this.events = events;
        this.connectionWait = connectionWait;
    }

    Attempt send(Outgoing m, Campaign campaign) {
        return deliver(prepare(m, campaign), SmtpConnection.Following.NONE);
    }

    Prepared prepare(Outgoing m, Campaign campaign) {
        if (m.suppressed()) {
            // suppressed after the campaign was started (a bounce or complaint meanwhile), or a test to a suppressed address
            events.suppressed(m, campaign, "on the suppression list");
            return new Skipped(notSent(m, "the address or its domain is on the suppression list"));
        }
        if (!m.test()) {
            // the contact may have unsubscribed (or bounced) after the campaign was started
            String status = m.contactStatus().orElse("deleted");
            if (!status.equals("active")) {
                events.suppressed(m, campaign, status);
                return new Skipped(notSent(m, "the contact is " + status));
            }
        }
        try {
            InternetAddress to = new InternetAddress(m.email(), true);
            RenderedMessage rendered = renderer.render(campaign, m.recipient(), m.id(), m.trackingConsent());
            PreparedMessage built = mime.build(campaign, rendered, m, to,
                    outbound.returnPath().envelopeFrom(m.id(), campaign.fromEmail()));
            // signed last: the bytes signed are the bytes the transport writes
            PreparedMessage signed = outbound.dkim().signerFor(campaign.fromDomain())
                    .map(signer -> built.withBytes(signer.sign(built.bytes()))).orElse(built);
            return new Ready(m, campaign, rendered.subject(), signed, to);
        } catch (RenderException e) {
            events.submitFailed(m, campaign, e.getMessage());
            return new Skipped(notSent(m, e.getMessage()));
        } catch (MessagingException | UnsupportedEncodingException e) {
            events.submitFailed(m, campaign, "cannot build the MIME message: " + e.getMessage());
            return new Skipped(notSent(m, "cannot build the MIME message: " + e.getMessage()));
        }
    }

    /**
     * Sends a prepared message once it passes the sending limits, over a relay the {@link RelaySet}
     * chooses. Throws only when the chosen relay had no free connection in time (nothing was sent).
     * {@code following} is asked for the next message once this one's transaction gets as far as its content.
     */
    Attempt deliver(Prepared prepared, SmtpConnection.Following following) {
        return switch (prepared) {
            case Skipped s -> s.attempt();
            case Ready r -> switch (throttle.admit(r.message().email(), THROTTLE_WAIT)) {
                case Throttle.Held h -> throttled(r, h);
                case Throttle.Admitted admitted -> {
                    try (admitted) {
                        yield relay(r, following);
                    }
                }
            };
        };
    }

    /**
     * Whether a message sent right after another by the same worker goes over the same connection:
     * no limit can hold it back and no relay choice send it elsewhere.
     */
    boolean nextGoesTheSameWay() {
        return relays.single() && throttle.unlimited();
    }

    private Attempt relay(Ready r, SmtpConnection.Following following) {
        RelaySet.Relayed relayed = relays.send(r.mime(), r.to().getAddress(), connectionWait, following);
        SendOutcome outcome = relayed.outcome();
        Duration retryIn = Duration.ZERO;
        if (outcome instanceof SendOutcome.Deferred d) {
            int tried = r.message().attempt();
            if (tried >= 1 && tried <= retrySchedule.size()) {
                retryIn = retrySchedule.get(tried - 1);
            } else {
                // the schedule is used up: the last temporary failure is final
                outcome = new SendOutcome.Failed(d.reply());
                if (SMTP_TEMPORARY.matcher(d.reply()).lookingAt()) {
                    // a relay that said 4xx for days: a soft bounce (RFC 3463 4.x.x); a timeout or a
                    // dropped connection says nothing about the address and is not one
                    refused(r.message(), d.reply());
                }
            }
        }
        events.attempted(r.message(), r.campaign(), r.subject(), r.mime().bytes().length, outcome, relayed.relay());
        if (outcome instanceof SendOutcome.Rejected rejected) {
            refused(r.message(), rejected.reply());
        }
        return new Attempt(r.message(), outcome, Optional.of(r.mime().messageId()), retryIn);
    }

    /** Held back by a limit: back to the queue, due when the limit frees a slot (at least a second from now). */
    private Attempt throttled(Ready r, Throttle.Held held) {
        events.throttled(r.message(), r.campaign(), r.subject(), held.reason());
        Duration due = held.retryAfter().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : held.retryAfter();
        return new Attempt(r.message(), new SendOutcome.Throttled("throttled: " + held.reason()), Optional.empty(), due);
    }

    /** A bounce at send time; the message's result is recorded whatever becomes of it, so a failure here is only logged. */
    private void refused(Outgoing m, String reply) {
        try {
            outbound.refusals().refused(m.id(), reply);
        } catch (RuntimeException e) {
            LOG.error("message {} was refused by the relay ({}), but the refusal cannot be stored as a bounce: {}; "
                    + "the address is not suppressed for it", m.id(), reply, e.getMessage(), e);
        }
    }

    /** The message's campaign was deleted while it waited in the queue. */
    Attempt campaignMissing(Outgoing m) {
        events.campaignMissing(m);
        return notSent(m, "campaign " + m.campaignId() + " no longer exists");
    }

    static Attempt notSent(Outgoing m, String why) {
        return new Attempt(m, new SendOutcome.Failed("not sent: " + why), Optional.empty());
    }
}
