package app.herald.delivery;

import app.herald.HeraldException;
import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.campaign.Campaign;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.store.Queries;
import app.herald.tracelog.TrackingLog;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting a campaign and test sends. A campaign send only queues its messages (the first chunk of
 * the target lists' members at once, the rest in the background: {@link Expansion}); the
 * {@link Dispatcher} sends them. Test sends go out at once, on a
 * connection borrowed from the same pool, and return when the relay has answered.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final Queries SQL = Queries.of(Delivery.class);
    static final int MAX_TEST_ADDRESSES = 20;
    /** How long a test message waits for a connection of its relay before it is left to the dispatcher. */
    private static final Duration TEST_CONNECTION_WAIT = Duration.ofSeconds(60);

    private final Jdbi jdbi;
    private final Campaigns campaigns;
    private final Runnable wakeDispatcher;
    private final Sender sender;
    private final MessageQueue queue;
    private final Recorder recorder;
    private final DeliveryEvents events;
    private final Expansion expansion;

    public Delivery(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, SmtpPool pool, Dispatcher dispatcher,
                    Outbound outbound, TrackingLog log) {
        this(jdbi, campaigns, renderer, RelaySet.of(pool), Throttle.NONE, dispatcher::wake, dispatcher.retrySchedule(), outbound, log);
    }

    /** Test sends over {@code relays}, through the sending limits of {@code throttle}, as the dispatcher sends. */
    public Delivery(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, RelaySet relays, Throttle throttle,
                    Dispatcher dispatcher, Outbound outbound, TrackingLog log) {
        this(jdbi, campaigns, renderer, relays, throttle, dispatcher::wake, dispatcher.retrySchedule(), outbound, log);
    }

    /** With a way to wake the dispatcher, which may run in another process (then nothing, it polls). */
    Delivery(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, SmtpPool pool, Runnable wakeDispatcher,
             Outbound outbound, TrackingLog log) {
        this(jdbi, campaigns, renderer, RelaySet.of(pool), Throttle.NONE, wakeDispatcher, Dispatcher.Settings.defaults().retrySchedule(),
                outbound, log);
    }

    /** As above, with the retry schedule a test message follows after a temporary failure. */
    Delivery(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, SmtpPool pool, Runnable wakeDispatcher,
             List<Duration> retrySchedule, Outbound outbound, TrackingLog log) {
        this(jdbi, campaigns, renderer, RelaySet.of(pool), Throttle.NONE, wakeDispatcher, retrySchedule, outbound, log);
    }

    Delivery(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, RelaySet relays, Throttle throttle, Runnable wakeDispatcher,
             List<Duration> retrySchedule, Outbound outbound, TrackingLog log) {
        this.jdbi = jdbi;
        this.campaigns = campaigns;
        this.wakeDispatcher = wakeDispatcher;
        this.events = new DeliveryEvents(log);
        this.expansion = new Expansion(jdbi, new ExpansionEvents(jdbi, log));
        this.sender = new Sender(renderer, relays, throttle, outbound, events, retrySchedule, TEST_CONNECTION_WAIT);
        this.queue = new MessageQueue(jdbi, Dispatcher.Settings.defaults().lease());
        // test messages are sent at once, well within the lease: not renewed
        this.recorder = new Recorder(queue, new Leases(Dispatcher.Settings.defaults().lease()));
    }

    /**
     * Starts a draft campaign: queues one message per active contact on any of its lists (a contact
     * on several lists once), the first {@value Expansion#FIRST_CHUNK} or so at once and the rest in
     * the background (the dispatchers, see {@link Expansion}), and wakes the dispatcher. A campaign
     * that is not a draft is refused.
     */
    public void send(long campaignId) {
        Expansion.Chunk first = jdbi.inTransaction(h -> {
            if (h.createUpdate(SQL.get("start")).bind("id", campaignId).execute() == 0) {
                String status = h.createQuery(SQL.get("status")).bind("id", campaignId).mapTo(String.class).findOne()
                        .orElseThrow(() -> new NotFoundException("campaign", campaignId));
                throw new InvalidInputException("campaign " + campaignId + " is " + status
                        + "; only a draft campaign can be sent, and only once (create a new campaign to send again)");
            }
            return expansion.begin(h, campaignId);
        });
        if (first.last()) {
            LOG.info("campaign {} started: {} messages queued", campaignId, first.queued());
        } else {
            LOG.info("campaign {} started: {} messages queued, the rest of the audience is being queued", campaignId, first.queued());
        }
        expansion.committed(first);
        if (first.last() && first.queued() == 0) {
            queue.finishCampaign(campaignId);
        }
        wakeDispatcher.run();
    }

    /**
     * Sends the campaign now to each address (at most {@value #MAX_TEST_ADDRESSES}), personalised
     * with the matching contact if there is one, and returns the test messages' ids in the order
     * given. Works in any campaign status; test messages do not count in the campaign's numbers.
     */
    public List<Long> testSend(long campaignId, List<String> emails) {
        List<String> addresses = validTestAddresses(emails);
        Campaign campaign = campaigns.get(campaignId);
        List<Outgoing> messages = queue.insertTests(campaignId, addresses);
        events.submitted(campaign, messages);
        List<Attempt> done = new ArrayList<>();
        try {
            for (Outgoing m : messages) {
                done.add(sender.send(m, campaign));
            }
        } catch (HeraldException e) {
            // every connection is busy with a big campaign: the dispatcher sends the test when one frees up
            LOG.warn("test of campaign {} is queued instead of sent at once: {}", campaignId, e.getMessage());
            wakeDispatcher.run();
        } finally {
            recorder.record(done);
            recorder.release(messages.subList(done.size(), messages.size()));
        }
        return messages.stream().map(Outgoing::id).toList();
    }

    /** Where the sending of campaign {@code campaignId} stands; NotFoundException when there is none. */
    public SendProgress progress(long campaignId) {
        return SendProgress.of(jdbi, campaignId);
    }

    /** The send records of the given messages, in id order; unknown ids are left out. */
    public List<MessageRecord> messages(List<Long> messageIds) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("messages")).bindArray("ids", Long.class, messageIds)
                .map((rs, ctx) -> new MessageRecord(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("email"),
                        MessageRecord.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        MessageRecord.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                        Optional.ofNullable(rs.getString("smtp_reply")), Optional.ofNullable(rs.getString("message_id_header"))))
                .list());
    }

    private static List<String> validTestAddresses(List<String> emails) {
        if (emails == null || emails.isEmpty()) {
            throw new InvalidInputException("emails is required: give at least one address to send the test to");
        }
        LinkedHashSet<String> addresses = new LinkedHashSet<>();
        for (String e : emails) {
            String address = e == null ? "" : e.strip();
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                if (parsed.getPersonal() != null || !parsed.getAddress().equals(address) || !address.contains("@")) {
                    throw new AddressException("not a bare address");
                }
            } catch (AddressException x) {
                throw new InvalidInputException("'" + e + "' is not a valid e-mail address; give bare addresses such as you@example.com");
            }
            addresses.add(address);
        }
        if (addresses.size() > MAX_TEST_ADDRESSES) {
            throw new InvalidInputException("a test goes to at most " + MAX_TEST_ADDRESSES + " addresses, not " + addresses.size());
        }
        return List.copyOf(addresses);
    }
}
