package app.herald.bounce;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private Postfix instance (Debian's package) for one test: its own configuration directory,
 * queue and log under a temporary directory, listening on a free loopback port, so it touches
 * nothing of a system Postfix. It accepts mail for {@code localDomain} without checking the user
 * (empty local_recipient_maps), so an unknown user is bounced by local delivery, by Postfix's own
 * bounce daemon, instead of refused at RCPT; and it routes mail for {@code bounceDomain} to the
 * given port, where Herald's bounce listener waits.
 *
 * <p>Postfix's master must start as root. {@link #close()} stops the instance and makes sure no
 * process of it is left, also when the test failed; a shutdown hook does the same if the JVM
 * exits without closing it.
 */
final class PrivatePostfix implements AutoCloseable {
    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path POSTCONF = Path.of("/usr/sbin/postconf");

    final Path dir;
    final int smtpPort;
    private final Path config;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "postfix-test-stop");

    private PrivatePostfix(Path dir, Path config, int smtpPort) {
        this.dir = dir;
        this.config = config;
        this.smtpPort = smtpPort;
    }

    /** Why a private Postfix cannot run here, if it cannot. */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(POSTFIX) || !Files.isExecutable(POSTCONF)) {
            return Optional.of("Debian's postfix package is not installed (" + POSTFIX + " is missing): apt-get install postfix");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("Postfix's master process must be started as root; this test runs as " + System.getProperty("user.name"));
        }
        return Optional.empty();
    }

    static PrivatePostfix start(String localDomain, String bounceDomain, int bounceListenerPort) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("herald-postfix");
        Path config = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        // the postfix user must reach the queue and write its data directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal postfixUser = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(data, postfixUser);
        int port = freePort();
        String daemons = run(List.of(POSTCONF.toString(), "-d", "-h", "daemon_directory")).strip();
        String shlib = run(List.of(POSTCONF.toString(), "-d", "-h", "shlib_directory")).strip();
        Files.writeString(config.resolve("main.cf"), """
                compatibility_level = 3.6
                queue_directory = %1$s/queue
                data_directory = %1$s/data
                meta_directory = /etc/postfix
                command_directory = /usr/sbin
                daemon_directory = %2$s
                shlib_directory = %3$s
                mail_owner = postfix
                setgid_group = postdrop
                maillog_file = %1$s/maillog
                maillog_file_prefixes = %1$s
                myhostname = mta.herald.test
                mydomain = herald.test
                myorigin = herald.test
                inet_interfaces = 127.0.0.1
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                mydestination = %4$s
                local_recipient_maps =
                alias_maps =
                alias_database =
                transport_maps = inline:{ %5$s=smtp:[127.0.0.1]:%6$d }
                smtp_dns_support_level = disabled
                biff = no
                """.formatted(dir, daemons, shlib, localDomain, bounceDomain, bounceListenerPort), StandardCharsets.UTF_8);
        // every service unchrooted: a chroot would need copies of system files in the queue directory
        Files.writeString(config.resolve("master.cf"), """
                127.0.0.1:%d inet n - n - - smtpd
                pickup    unix  n - n 60    1 pickup
                cleanup   unix  n - n -     0 cleanup
                qmgr      unix  n - n 300   1 qmgr
                rewrite   unix  - - n -     - trivial-rewrite
                bounce    unix  - - n -     0 bounce
                defer     unix  - - n -     0 bounce
                trace     unix  - - n -     0 bounce
                verify    unix  - - n -     1 verify
                flush     unix  n - n 1000? 0 flush
                proxymap  unix  - - n -     - proxymap
                smtp      unix  - - n -     - smtp
                relay     unix  - - n -     - smtp
                showq     unix  n - n -     - showq
                error     unix  - - n -     - error
                retry     unix  - - n -     - error
                discard   unix  - - n -     - discard
                local     unix  - n n -     - local
                anvil     unix  - - n -     1 anvil
                scache    unix  - - n -     1 scache
                postlog   unix-dgram n - n - 1 postlogd
                """.formatted(port), StandardCharsets.UTF_8);
        PrivatePostfix postfix = new PrivatePostfix(dir, config, port);
        Runtime.getRuntime().addShutdownHook(postfix.shutdownHook);
        try {
            run(List.of(POSTFIX.toString(), "-c", config.toString(), "start"));
            postfix.awaitListening(Duration.ofSeconds(30));
        } catch (IOException | RuntimeException e) {
            postfix.close();
            throw e;
        }
        return postfix;
    }

    /** Postfix's own log of this instance. */
    String log() {
        try {
            Path log = dir.resolve("maillog");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no maillog)";
        } catch (IOException e) {
            return "(cannot read the maillog: " + e.getMessage() + ")";
        }
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the private Postfix did not listen on 127.0.0.1:" + smtpPort + " within "
                            + timeout.toSeconds() + " s; its log:\n" + log(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    private Optional<ProcessHandle> master() {
        try {
            Path pid = dir.resolve("queue/pid/master.pid");
            return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the instance: "postfix stop", then whatever of its master and children still runs is killed. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        if (isStopped(this)) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void stopQuietly() {
        Optional<ProcessHandle> master = master();
        try {
            run(List.of(POSTFIX.toString(), "-c", config.toString(), "stop"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // not running, or stop failed: the master is killed below
        }
        master.filter(ProcessHandle::isAlive).ifPresent(m -> {
            List<ProcessHandle> family = new ArrayList<>(m.descendants().toList());
            family.add(m);
            try {
                m.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                m.destroyForcibly();
            }
            // a handle checks the process's start time, so this never hits a reused pid
            family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
    }

    static boolean isStopped(PrivatePostfix p) {
        return p.master().filter(ProcessHandle::isAlive).isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
