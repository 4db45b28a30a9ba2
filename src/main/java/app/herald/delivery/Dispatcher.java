package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.tracelog.TrackingLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send workers of this node. One thread queues the audiences of started campaigns chunk by
 * chunk ({@link Expansion}); one thread claims batches of queued messages (leased in the
 * database, so several nodes can share a campaign) into a small bounded queue; one worker per SMTP
 * connection sends them, rendering and building each next message while the relay takes the current
 * one in, and hands each result to the {@link ResultQueue}, which records results in groups without
 * holding up the sending. Memory is bounded by (workers x 2 + 1) batches, however large the audience. Closing stops
 * claiming, lets each worker finish the message it is sending, records every result and gives
 * unsent leased messages back to the queue.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Dispatchers started and not yet closed in this JVM (which share one lease owner name). */
    private static final AtomicInteger LIVE = new AtomicInteger();

    /**
     * Tuning; the defaults suit production, tests shorten the times. {@code retrySchedule} is how
     * long a message waits after each temporary failure (delivery.retry_schedule).
     */
    record Settings(int batchSize, Duration lease, Duration pollInterval, Duration reclaimInterval, Duration closeTimeout,
                    List<Duration> retrySchedule) {
        Settings {
            retrySchedule = List.copyOf(retrySchedule);
        }

        Settings(int batchSize, Duration lease, Duration pollInterval, Duration reclaimInterval, Duration closeTimeout) {
            this(batchSize, lease, pollInterval, reclaimInterval, closeTimeout, HeraldConfig.DEFAULT_RETRY_SCHEDULE);
        }

        static Settings defaults() {
            // a claim costs a round trip and a commit whatever its size; 200 spreads that over many messages
            return new Settings(200, HeraldConfig.DEFAULT_LEASE, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(100));
        }

        Settings withRetrySchedule(List<Duration> schedule) {
            return new Settings(batchSize, lease, pollInterval, reclaimInterval, closeTimeout, schedule);
        }

        /** With a lease of {@code d} (delivery.lease); expired leases are looked for at least twice per lease. */
        Settings withLease(Duration d) {
            Duration sweep = reclaimInterval.compareTo(d.dividedBy(2)) < 0 ? reclaimInterval : d.dividedBy(2);
            return new Settings(batchSize, d, pollInterval, sweep, closeTimeout, retrySchedule);
        }
    }

    private final MessageQueue queue;
    private final ClaimCursor cursor;
    private final Campaigns campaigns;
    private final Sender sender;
    private final Settings settings;
    private final BlockingQueue<List<Outgoing>> batches;
    private final Semaphore wakeups = new Semaphore(0);
    private final Expansion expansion;
    private final Semaphore expansionWakeups = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final Recorder recorder;
    private final ResultQueue results;
    private final Leases leases;
    private final CountDownLatch stopRenewing = new CountDownLatch(1);
    private Thread renewer;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dispatcher(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, RelaySet relays, Throttle throttle,
                       Outbound outbound, TrackingLog log, Settings settings) {
        this.queue = new MessageQueue(jdbi, settings.lease());
        this.cursor = new ClaimCursor(queue, settings.batchSize());
        this.expansion = new Expansion(jdbi, new ExpansionEvents(jdbi, log));
        this.campaigns = campaigns;
        this.sender = new Sender(renderer, relays, throttle, outbound, new DeliveryEvents(log), settings.retrySchedule(),
                settings.closeTimeout());
        this.settings = settings;
        int workers = relays.connections();
        this.batches = new ArrayBlockingQueue<>(workers);
        this.leases = new Leases(settings.lease());
        this.recorder = new Recorder(queue, leases);
        this.results = new ResultQueue(recorder, resultCapacity(workers), this::finishCampaign);
    }

    /**
     * Results waiting to be written. Every one of them is a message the relay accepted that a kill -9
     * would send again, so the queue is kept short: enough for the writer's commit to overlap the
     * sending (a few milliseconds of results), not so much that a crash costs many duplicates. When
     * the database is slower than that, the workers wait for it.
     */
    private static int resultCapacity(int connections) {
        return Math.max(256, 8 * connections);
    }

    /**
     * The most messages a relay can have accepted from one node whose results are not recorded yet:
     * the message on each connection whose reply just came, the results waiting for the writer and
     * the group it is writing. A kill -9 sends at most these again (after the lease), and in practice
     * far fewer, since the writer keeps up (docs/sending.md has measured numbers).
     */
    static int inFlightWindow(int connections) {
        return connections + resultCapacity(connections) + Math.min(resultCapacity(connections), ResultQueue.MAX_WRITE);
    }

    /**
     * Starts one claiming thread and one worker per SMTP connection of {@code pool}; messages leave as
     * {@code outbound} says (DKIM, envelope sender) and every outcome goes to {@code log}.
     */
    public static Dispatcher start(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, SmtpPool pool, Outbound outbound,
                                   TrackingLog log) {
        return start(jdbi, campaigns, renderer, pool, outbound, log, Settings.defaults());
    }

    /**
     * Over several relays (one worker per connection of each) and through the sending limits of
     * {@code throttle}, with the retry schedule of delivery.retry_schedule and the lease of
     * delivery.lease; first takes back what the previous run of data directory {@code dataDir} had
     * claimed, if it died ({@link PreviousRun}).
     */
    public static Dispatcher start(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, RelaySet relays, Throttle throttle,
                                   Outbound outbound, TrackingLog log, List<Duration> retrySchedule, Duration lease, Path dataDir) {
        Settings settings = Settings.defaults().withRetrySchedule(retrySchedule).withLease(lease);
        PreviousRun.takeBack(new MessageQueue(jdbi, settings.lease()), dataDir, MessageQueue.NODE, LIVE.get() > 0);
        return start(jdbi, campaigns, renderer, relays, throttle, outbound, log, settings);
    }

    /** How long a message waits after each temporary failure. */
    List<Duration> retrySchedule() {
        return settings.retrySchedule();
    }

    static Dispatcher start(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, SmtpPool pool, Outbound outbound,
                            TrackingLog log, Settings settings) {
        return start(jdbi, campaigns, renderer, RelaySet.of(pool), Throttle.NONE, outbound, log, settings);
    }

    static Dispatcher start(Jdbi jdbi, Campaigns campaigns, MessageRenderer renderer, RelaySet relays, Throttle throttle,
                            Outbound outbound, TrackingLog log, Settings settings) {
        Dispatcher d = new Dispatcher(jdbi, campaigns, renderer, relays, throttle, outbound, log, settings);
        SendPathWarmUp.startOnce(renderer, outbound.returnPath());
        // daemon threads: a forgotten close() must not keep the JVM alive; close() (from Herald's
        // shutdown hook) is what waits for in-flight sends
        d.threads.add(Thread.ofPlatform().name("herald-expand").daemon(true).start(d::expandLoop));
        d.threads.add(Thread.ofPlatform().name("herald-claim").daemon(true).start(d::claimLoop));
        for (int i = 0; i < relays.connections(); i++) {
            d.threads.add(Thread.ofPlatform().name("herald-send-" + i).daemon(true).start(d::workLoop));
        }
        d.renewer = Thread.ofPlatform().name("herald-lease").daemon(true).start(d::renewLoop);
        LIVE.incrementAndGet();
        LOG.info("dispatcher started as node {} with {} SMTP workers for {} relays", MessageQueue.NODE, relays.connections(),
                relays.relays().size());
        return d;
    }

    /** Claims work now instead of at the next poll; called when a campaign starts in this process. */
    public void wake() {
        cursor.restart();
        wakeups.release();
        expansionWakeups.release();
    }

    /**
     * Queues the audiences of started campaigns, a chunk at a time, for as long as there are any; the
     * claim thread is woken after each chunk (its cursor stays: new messages come after it in the queue).
     */
    private void expandLoop() {
        while (running) {
            try {
                Optional<Expansion.Chunk> chunk = expansion.next();
                if (chunk.isPresent()) {
                    wakeups.release();
                    if (chunk.get().last()) {
                        // the last chunks may have queued nobody, after every earlier message was sent
                        finishCampaign(chunk.get().campaignId());
                    }
                    continue;
                }
                expansionWakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                expansionWakeups.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("queueing a campaign's messages failed, retrying in 1 s (is the database reachable?): {}", e.getMessage(), e);
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private void claimLoop() {
        long nextSweep = 0;
        while (running) {
            try {
                if (System.nanoTime() >= nextSweep) {
                    sweep();
                    nextSweep = System.nanoTime() + settings.reclaimInterval().toNanos();
                }
                long since = System.nanoTime();
                List<Outgoing> batch = cursor.claim();
                leases.hold(batch, since);
                if (!batch.isEmpty()) {
                    hand(batch);
                }
                if (batch.size() < settings.batchSize()) {
                    wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("claiming messages failed, retrying in 1 s (is the database reachable?): {}", e.getMessage(), e);
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Renews the leases of what this node holds every third of a lease, so that only a node that
     * stopped (or cannot reach the database for a whole lease) loses its messages to the others.
     */
    private void renewLoop() {
        Duration every = settings.lease().dividedBy(3);
        try {
            while (!stopRenewing.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                renewLeases();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void renewLeases() {
        try {
            long since = System.nanoTime();
            leases.renewed(queue.renew(leases.held()), since);
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the send leases of node {}: {}; if this lasts {} s other nodes take its messages over "
                    + "and some may be sent twice", MessageQueue.NODE, e.getMessage(), settings.lease().toSeconds());
        }
    }

    private void hand(List<Outgoing> batch) throws InterruptedException {
        while (!batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (!running) {
                recorder.release(batch);
                return;
            }
        }
    }

    private void sweep() {
        cursor.restart();
        // renewed first, so that a node whose renewer was held up (a long pause) does not take back its own messages
        renewLeases();
        int reclaimed = queue.reclaimExpired();
        if (reclaimed > 0) {
            LOG.warn("{} messages whose send lease expired (a node stopped while sending them) are queued again", reclaimed);
        }
        finishCampaigns();
    }

    private void workLoop() {
        while (true) {
            List<Outgoing> batch;
            try {
                batch = batches.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch != null) {
                process(batch);
            } else if (!running) {
                return;
            }
        }
    }

    /**
     * Sends a batch, each message over a connection of the relay chosen for it. The next message is
     * rendered and built on this thread inside the current one's SMTP transaction, without handing
     * work to another thread (a hand-off per message cost more CPU in wake-ups than it saved); its
     * envelope then goes out with the current content when it is sure to follow on that connection.
     */
    private void process(List<Outgoing> batch) {
        Map<Long, Optional<Campaign>> byId = new HashMap<>();
        int handled = 0;
        int stale = 0;
        try {
            Sender.Prepared current = prepare(batch.getFirst(), byId);
            for (int i = 0; i < batch.size() && running; i++) {
                Outgoing following = i + 1 < batch.size() ? batch.get(i + 1) : null;
                NextMessage next = new NextMessage(following == null ? null : () -> prepare(following, byId),
                        r -> sender.nextGoesTheSameWay() && leases.usable(r.message().id()));
                if (!leases.usable(batch.get(i).id())) {
                    // held up past the lease (a long pause): another node may have taken this message over
                    recorder.release(List.of(batch.get(i)));
                    stale++;
                } else {
                    results.add(sender.deliver(current, next));
                }
                handled++;
                current = next.prepared();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while sending a batch of {} messages; {} handled, the rest is queued again",
                    batch.size(), handled);
        } catch (RuntimeException e) {
            LOG.error("sending a batch of {} messages stopped after {}; the rest is queued again: {}",
                    batch.size(), handled, e.getMessage(), e);
        } finally {
            recorder.release(batch.subList(handled, batch.size()));
            if (stale > 0) {
                LOG.warn("node {} was held up until less than a third of the send lease was left for {} messages; they were not "
                        + "sent by this node (given back if still leased; another node may have taken them over)", MessageQueue.NODE, stale);
            }
        }
    }

    private Sender.Prepared prepare(Outgoing m, Map<Long, Optional<Campaign>> byId) {
        Optional<Campaign> campaign = byId.computeIfAbsent(m.campaignId(), campaigns::find);
        return campaign.isEmpty() ? new Sender.Skipped(sender.campaignMissing(m)) : sender.prepare(m, campaign.get());
    }

    private void finishCampaign(long campaignId) {
        try {
            if (queue.finishCampaign(campaignId)) {
                LOG.info("campaign {} is sent: no message is left to send", campaignId);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check whether campaign {} is finished, the next sweep will: {}", campaignId, e.getMessage());
        }
    }

    private void finishCampaigns() {
        try {
            for (long id : queue.finishCampaigns()) {
                LOG.info("campaign {} is sent: no message is left to send", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check for finished campaigns now, will retry: {}", e.getMessage());
        }
    }

    static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming, waits for in-flight sends to be recorded and requeues what was leased but not sent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LIVE.decrementAndGet();
        running = false;
        wake();
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    LOG.warn("{} did not stop within {} s; its leased messages are queued again when their lease expires",
                            t.getName(), settings.closeTimeout().toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // the workers have stopped: what they handed over is all there is to write
        results.close(Duration.ofNanos(Math.max(Duration.ofSeconds(10).toNanos(), deadline - System.nanoTime())));
        List<Outgoing> left = new ArrayList<>();
        List<Outgoing> b;
        while ((b = batches.poll()) != null) {
            left.addAll(b);
        }
        recorder.release(left);
        // renewed until here: a long graceful stop must not let other nodes take over messages still being sent
        stopRenewing.countDown();
        try {
            renewer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("dispatcher stopped");
    }
}
