package app.herald.delivery;

import app.herald.config.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the previous {@code herald serve} of a data directory still had claimed when it stopped. A
 * node that dies (kill -9, a crash, the machine's power) keeps its send leases until they run out
 * (delivery.lease, 2 minutes by default), since no other node can tell it is gone. The same node
 * restarted on the same data directory can: it takes those messages back at once, so an operator's
 * restart resumes the campaign where it stopped instead of waiting out the lease.
 *
 * <p>The previous process's lease owner name (host:pid) is kept in {@code run/dispatcher-node}. Its
 * leases are taken back only when that process is certainly gone: it ran on this host and no process
 * has its pid now, or it had this very process's name (Herald in a container often has the same pid on
 * every start) and no other dispatcher runs in this JVM. Otherwise (a pid now used by another program,
 * say) its leases run out as before.
 */
final class PreviousRun {
    private static final Logger LOG = LoggerFactory.getLogger(PreviousRun.class);

    private PreviousRun() {
    }

    /** Where the name of the data directory {@code dataDir}'s running (or last) node is kept. */
    static Path file(Path dataDir) {
        return RunDirectory.of(dataDir).resolve("dispatcher-node");
    }

    /**
     * Takes back what the previous run of {@code dataDir} leased if it is certainly gone, then records
     * this process as the directory's node; returns how many messages were taken back. Never throws
     * for the file or the database: a data directory that cannot be read or written, or a failed statement, only means no early take-back.
     */
    static int takeBack(MessageQueue queue, Path dataDir, String self, boolean otherDispatcherHere) {
        Path file = file(dataDir);
        int taken = 0;
        Optional<String> previous = read(file);
        if (previous.isPresent() && gone(previous.get(), self, otherDispatcherHere)) {
            try {
                taken = queue.takeBack(previous.get());
            } catch (JdbiException e) {
                LOG.warn("cannot take back the messages the previous run of this data directory (node {}) had claimed ({}); "
                        + "they are sent again once their lease runs out", previous.get(), e.getMessage());
            }
            if (taken > 0) {
                LOG.warn("{} messages that the previous run of this data directory (node {}) had claimed when it stopped are "
                        + "queued again now; any the relay had already accepted are sent twice", taken, previous.get());
            }
        }
        write(dataDir, file, self);
        return taken;
    }

    /** Whether the lease owner {@code owner} is a process that no longer runs. */
    static boolean gone(String owner, String self, boolean otherDispatcherHere) {
        if (owner.equals(self)) {
            return !otherDispatcherHere;
        }
        int colon = owner.lastIndexOf(':');
        int selfColon = self.lastIndexOf(':');
        if (colon <= 0 || !owner.substring(0, colon).equals(self.substring(0, selfColon))) {
            return false; // another host's process: only its lease tells
        }
        try {
            long pid = Long.parseLong(owner.substring(colon + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); messages the previous run had claimed are sent again once their lease runs out", file, e.toString());
            return Optional.empty();
        }
    }

    private static void write(Path dataDir, Path file, String self) {
        try {
            Path tmp = RunDirectory.create(dataDir).resolve(file.getFileName() + ".tmp");
            Files.writeString(tmp, self + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write {} ({}); after a crash, this node's claimed messages are sent again only once their lease "
                    + "runs out", file, e.toString());
        }
    }
}
