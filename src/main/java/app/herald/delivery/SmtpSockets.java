package app.herald.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP sockets of SMTP connections (TLS, from the start or after STARTTLS, is layered on them):
 * TCP_NODELAY, so the last segment of a message is not held back waiting for an acknowledgement,
 * and a write timeout enforced by one watchdog thread for all connections (a socket has a read
 * timeout but no write timeout; a timer task per write, as Jakarta Mail schedules one, cost more
 * CPU than rendering the message).
 */
final class SmtpSockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSockets.class);

    private final long limitNanos;
    private final Set<WatchedSocket> open = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean closed;

    SmtpSockets(Duration writeTimeout) {
        this.limitNanos = writeTimeout.toNanos();
        this.watchdog = Thread.ofPlatform().name("herald-smtp-watchdog").daemon(true).start(this::watch);
    }

    /** The connect, read and write timeout of the sockets made here. */
    Duration timeout() {
        return Duration.ofNanos(limitNanos);
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (WatchedSocket s : open) {
                long since = s.writingSince;
                if (since != 0 && now - since > limitNanos) {
                    LOG.warn("an SMTP write to {} has not finished within {} s; closing that connection",
                            s.getRemoteSocketAddress(), Duration.ofNanos(limitNanos).toSeconds());
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing is all that can be done
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
    }

    /** An unconnected socket with TCP_NODELAY, watched while it writes. */
    Socket createSocket() throws IOException {
        WatchedSocket s = new WatchedSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    /** A socket that notes when a write started, so that the watchdog can see one that hangs. */
    private final class WatchedSocket extends Socket {
        volatile long writingSince;
        private OutputStream out;

        WatchedSocket() {
            open.add(this);
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                OutputStream raw = super.getOutputStream();
                out = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        writingSince = System.nanoTime() | 1;
                        try {
                            raw.write(b);
                        } finally {
                            writingSince = 0;
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        writingSince = System.nanoTime() | 1;
                        try {
                            raw.write(b, off, len);
                        } finally {
                            writingSince = 0;
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        raw.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        raw.close();
                    }
                };
            }
            return out;
        }

        @Override
        public synchronized void close() throws IOException {
            open.remove(this);
            super.close();
        }
    }
}
