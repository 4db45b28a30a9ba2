package app.herald.cli;

import app.herald.HeraldException;
import app.herald.config.RunDirectory;
import app.herald.tracelog.LogSearch;
import app.herald.tracelog.SearchQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code herald trace} answered by the running Herald, as Exchange's Get-MessageTrackingLog is
 * answered by its transport log search service: a search then runs in a JVM that has compiled the
 * scanner and keeps the logs' indexes open, and the command only starts a small JVM that asks and
 * prints the answer (a cold JVM doing the search itself spends most of its time starting and
 * compiling; bench/README.md "Tracking log search").
 *
 * <p>{@code herald serve} and {@code herald demo} listen on a Unix domain socket in the data
 * directory ({@code run/trace.sock}; the directory is the owner's alone, so only the user who runs
 * Herald, or root, can ask, and either could read the logs anyway). The command asks when the
 * socket of its configuration's data directory is there; with no server (or an older one, or one
 * that stops before it answers) it searches by itself, with the same output.
 *
 * <p>The exchange: the command sends the question (version, log directory, --no-index, format,
 * charset, the query); the server sends frames {@code [1][length][bytes]} of standard output and
 * {@code [2][length][bytes]} of standard error in the order they were written, then
 * {@code [0][exit code]}.
 */
final class TraceServer implements AutoCloseable {
    private static final int VERSION = 1;
    private static final int END = 0;
    private static final int OUT = 1;
    private static final int ERR = 2;
    /** Searches of other directories kept (their indexes stay open), most recently used last. */
    private static final int KEPT = 8;

    /**
     * The server's logger, apart: the command's side ({@link #ask}) must not initialise logging,
     * which cost a searching command about 45 ms of its start.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TraceServer.class);
    }

    /** One question: where to search and how to print it. */
    record Question(Path dir, boolean noIndex, String format, Charset charset, SearchQuery query) {
    }

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Thread acceptor;
    private final LogSearch own;
    private final Map<Path, LogSearch> others = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicInteger answered = new AtomicInteger();

    private TraceServer(Path socket, ServerSocketChannel channel, LogSearch own) {
        this.socket = socket;
        this.channel = channel;
        this.own = own;
        this.acceptor = Thread.ofPlatform().name("herald-trace-server").daemon().start(this::accept);
    }

    /** The socket of the Herald whose data directory is {@code dataDir}. */
    static Path socket(Path dataDir) {
        return RunDirectory.of(dataDir).resolve("trace.sock");
    }

    /**
     * Listens on {@link #socket} of {@code dataDir}, answering searches of {@code own}'s directory
     * with {@code own}; empty (with a warning: the command then searches by itself) when another
     * Herald already answers there or the socket cannot be made.
     */
    static Optional<TraceServer> start(Path dataDir, LogSearch own) {
        Path socket = socket(dataDir);
        try {
            RunDirectory.create(dataDir);
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    Log.LOG.warn("another Herald answers herald trace at {}; this one does not", socket);
                    return Optional.empty();
                }
                Files.delete(socket); // left by a Herald that was killed
            }
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return Optional.of(new TraceServer(socket, channel, own));
        } catch (IOException | RuntimeException e) {
            Log.LOG.warn("herald trace will search by itself: cannot listen at {} ({})", socket, e.toString());
            return Optional.empty();
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            acceptor.join(5_000);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Log.LOG.warn("closing the herald trace socket {}: {}", socket, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (channel.isOpen()) {
            try {
                SocketChannel c = channel.accept();
                Thread.ofVirtual().name("herald-trace").start(() -> answer(c));
            } catch (IOException e) {
                if (channel.isOpen()) {
                    Log.LOG.warn("herald trace socket {}: {}", socket, e.toString());
                    pause(); // a lasting failure (out of file descriptors) must not spin
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(SocketChannel c) {
        try (c; DataOutputStream frames = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c), 1 << 16))) {
            Question q;
            try {
                q = read(new DataInputStream(new BufferedInputStream(Channels.newInputStream(c))));
            } catch (EOFException | RuntimeException e) {
                // another version of the command, a question that does not parse, or it went away:
                // no answer, and a command of this version then searches by itself
                return;
            }
            PrintStream out = new PrintStream(new BufferedOutputStream(new Frames(frames, OUT), 1 << 16), false, q.charset());
            PrintWriter outText = new PrintWriter(new OutputStreamWriter(out, q.charset()));
            PrintWriter err = new PrintWriter(new OutputStreamWriter(new Frames(frames, ERR), StandardCharsets.UTF_8));
            int exit;
            try {
                exit = TraceCommand.print(search(q).search(q.query()), q.format(), outText, out, err);
            } catch (HeraldException e) {
                err.println("herald: " + e.getMessage());
                exit = 2;
            } catch (JsonProcessingException | RuntimeException e) {
                Log.LOG.error("herald trace: a search of {} failed", q.dir(), e);
                err.println("herald: the search failed in the running Herald (" + e + "); see its log");
                exit = 2;
            }
            outText.flush();
            out.flush();
            err.flush();
            answered.incrementAndGet();
            synchronized (frames) {
                frames.writeByte(END);
                frames.writeInt(exit);
                frames.flush();
            }
        } catch (IOException e) {
            Log.LOG.debug("herald trace: the command went away: {}", e.toString());
        }
    }

    /** Questions answered so far. */
    int answered() {
        return answered.get();
    }

    private LogSearch search(Question q) {
        if (q.noIndex()) {
            return new LogSearch(q.dir(), false);
        }
        if (q.dir().equals(own.directory().toAbsolutePath().normalize())) {
            return own;
        }
        synchronized (others) {
            LogSearch s = others.computeIfAbsent(q.dir(), LogSearch::new);
            if (others.size() > KEPT) {
                others.remove(others.keySet().iterator().next());
            }
            return s;
        }
    }

    /**
     * Asks the Herald listening at {@code socket}, copying its output to {@code bytes} (or, when
     * null, to {@code out} as text) and its errors to {@code err}; its exit code, or empty when no
     * Herald answered (the caller then searches by itself).
     */
    static Optional<Integer> ask(Path socket, Question q, PrintWriter out, PrintStream bytes, PrintWriter err) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel c;
        try {
            c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return Optional.empty(); // left by a Herald that was killed
        }
        boolean answered = false;
        // errors are decoded whole at the end, so no frame boundary can fall inside a character
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (c) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)));
            write(q, request);
            request.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c), 1 << 16));
            ByteArrayOutputStream text = bytes == null ? new ByteArrayOutputStream() : null;
            byte[] buf = new byte[1 << 16];
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    throw new EOFException("no exit code");
                }
                answered = true;
                if (kind == END) {
                    int exit = in.readInt();
                    if (text != null) {
                        out.write(text.toString(q.charset()));
                    }
                    out.flush();
                    err.write(errors.toString(StandardCharsets.UTF_8));
                    err.flush();
                    return Optional.of(exit);
                }
                int n = in.readInt();
                if (kind == OUT && bytes != null) {
                    out.flush();
                    copy(in, n, buf, bytes);
                } else if (kind == OUT) {
                    copy(in, n, buf, text);
                } else {
                    copy(in, n, buf, errors);
                }
            }
        } catch (IOException e) {
            if (!answered) {
                return Optional.empty(); // it was stopping: search here
            }
            if (bytes != null) {
                bytes.flush();
            }
            err.write(errors.toString(StandardCharsets.UTF_8));
            err.println("herald: the running Herald stopped answering (" + e.getMessage() + "); the output above may be incomplete");
            err.flush();
            return Optional.of(2);
        }
    }

    private static void copy(InputStream in, int n, byte[] buf, OutputStream to) throws IOException {
        while (n > 0) {
            int r = in.read(buf, 0, Math.min(n, buf.length));
            if (r < 0) {
                throw new EOFException("the answer was cut off");
            }
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private static void write(Question q, DataOutputStream o) throws IOException {
        o.writeInt(VERSION);
        o.writeUTF(q.dir().toString());
        o.writeBoolean(q.noIndex());
        o.writeUTF(q.format());
        o.writeUTF(q.charset().name());
        SearchQuery s = q.query();
        for (Optional<String> v : List.of(s.sender(), s.messageId(), s.internalMessageId(), s.networkMessageId(), s.eventId(),
                s.source(), s.subject(), s.reference())) {
            writeOptional(o, v, DataOutputStream::writeUTF);
        }
        o.writeInt(s.recipients().size());
        for (String r : s.recipients()) {
            o.writeUTF(r);
        }
        for (Optional<Instant> t : List.of(s.start(), s.end())) {
            writeOptional(o, t, (out, i) -> {
                out.writeLong(i.getEpochSecond());
                out.writeInt(i.getNano());
            });
        }
        o.writeInt(s.resultSize());
    }

    private static Question read(DataInputStream in) throws IOException {
        if (in.readInt() != VERSION) {
            throw new HeraldException("another version of herald trace");
        }
        Path dir = Path.of(in.readUTF());
        boolean noIndex = in.readBoolean();
        String format = in.readUTF();
        Charset charset = Charset.forName(in.readUTF());
        List<Optional<String>> v = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            v.add(readOptional(in, d -> d.readUTF()));
        }
        int n = in.readInt();
        List<String> recipients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recipients.add(in.readUTF());
        }
        Reader<Instant> time = d -> Instant.ofEpochSecond(d.readLong(), d.readInt());
        Optional<Instant> start = readOptional(in, time);
        Optional<Instant> end = readOptional(in, time);
        SearchQuery query = new SearchQuery(v.get(0), recipients, v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), start, end,
                v.get(6), v.get(7), in.readInt());
        return new Question(dir, noIndex, format, charset, query);
    }

    private interface Writer<T> {
        void write(DataOutputStream o, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> void writeOptional(DataOutputStream o, Optional<T> v, Writer<T> w) throws IOException {
        o.writeBoolean(v.isPresent());
        if (v.isPresent()) {
            w.write(o, v.get());
        }
    }

    private static <T> Optional<T> readOptional(DataInputStream in, Reader<T> r) throws IOException {
        return in.readBoolean() ? Optional.of(r.read(in)) : Optional.empty();
    }

    /** Bytes written to it go out as frames of one kind; frames of both kinds share the connection in order. */
    private static final class Frames extends OutputStream {
        private final DataOutputStream frames;
        private final int kind;

        Frames(DataOutputStream frames, int kind) {
            this.frames = frames;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (frames) {
                frames.writeByte(kind);
                frames.writeInt(len);
                frames.write(b, off, len);
            }
        }
    }
}
