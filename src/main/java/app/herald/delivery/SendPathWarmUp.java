package app.herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the loops that every message goes through byte by byte (UTF-8 encoding of a part,
 * quoted-printable and base64, dot-stuffing on the wire, the hash of a message's shape key, a
 * string of its size, to find its compiled shape) over sample parts once, on a background
 * thread when the dispatcher starts, so that the JIT has compiled them before the first campaign.
 * Without it they ran in the interpreter for much of a first campaign: the JIT queues them for its
 * optimising compiler behind everything else a campaign makes hot, and they were 40% of a first
 * campaign's CPU over 64 connections (bench/README.md, "Sending, 2026-12-04, second session").
 * Nothing is sent or stored; it costs a fraction of a CPU-second once per process.
 */
final class SendPathWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(SendPathWarmUp.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Enough calls for the optimising compiler's thresholds (a few thousand calls, or loops of as many bytes). */
    private static final int ROUNDS = 3_000;
    static final String LATIN = "Product — a short description of why it helps, at <b>ACME</b> = 100% for you.\n";
    static final String CHINESE = "您好，感谢您一直以来的支持。本周为您精选的产品如下。\n";

    private SendPathWarmUp() {
    }

    /** Starts the warm-up, once per process. */
    static void startOnce() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().name("herald-warm-up").daemon(true).start(() -> run());
        }
    }

    /** Returns how many bytes went to the (null) wire. */
    static long run() {
        long start = System.nanoTime();
        long[] written = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        try {
            SmtpWire wire = new SmtpWire(InputStream.nullInputStream(), counting);
            String latin = sample(LATIN);
            String chinese = sample(CHINESE);
            char[] key = latin.toCharArray();
            int hashes = 0;
            for (int i = 0; i < ROUNDS; i++) {
                wire.content(part(latin));
                wire.content(part(chinese));
                wire.flush();
                hashes += new String(key).hashCode(); // a new string each time: a string keeps its hash
            }
            LOG.debug("send path warmed up in {} ms ({} bytes, {})", (System.nanoTime() - start) / 1_000_000, written[0], hashes);
            return written[0];
        } catch (IOException e) {
            throw new UncheckedIOException("a write to a null stream failed", e); // cannot happen
        }
    }

    private static byte[] part(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        MimeEncoding.Bytes out = new MimeEncoding.Bytes(utf8.length * 2);
        MimeEncoding.body(out, utf8, MimeEncoding.transferEncoding(utf8));
        return out.toArray();
    }

    /** About 2 KB of the line, a line starting with a dot among them. */
    static String sample(String line) {
        return line.repeat(2_000 / line.length() + 1) + ".a line with a leading dot\n";
    }
}
