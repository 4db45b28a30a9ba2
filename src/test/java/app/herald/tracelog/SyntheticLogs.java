package app.herald.tracelog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates message tracking logs shaped like Herald's: campaigns submitted, sent through a relay,
 * some deferred or failed, some delivered to the dev inbox, opens and clicks as AGENTINFO. Written
 * in Exchange 2013's format (BOM, CRLF, header, 27 fields) or, for "foreign" logs, as an Exchange
 * 2016 server would (30 fields, LF, upper-case .LOG, hourly names). Deterministic for a seed.
 *
 * <p>Run as a program for the benchmark: {@code SyntheticLogs DIR RECORDS [herald|foreign] [SEED]}.
 */
final class SyntheticLogs {
    static final int CAMPAIGNS = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    private final Path dir;
    private final boolean foreign;
    private final long maxFile;
    private final SplittableRandom random;
    private final Map<LogLayout.Prefix, Out> outs = new EnumMap<>(LogLayout.Prefix.class);
    private long clock = START.toEpochMilli();
    private long records;
    private long messageNumber = 1_000_000;

    SyntheticLogs(Path dir, boolean foreign, long seed) {
        this(dir, foreign, seed, 10L << 20);
    }

    SyntheticLogs(Path dir, boolean foreign, long seed, long maxFile) {
        this.dir = dir;
        this.foreign = foreign;
        this.maxFile = maxFile;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        boolean foreign = args.length > 2 && args[2].equals("foreign");
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long written = new SyntheticLogs(dir, foreign, seed).write(n);
        System.out.printf(Locale.ROOT, "generated %d records in %s in %.1f s%n", written, dir, (System.nanoTime() - t0) / 1e9);
    }

    static String campaignSender(int campaign) {
        return "news" + campaign + "@shop" + (campaign % 5) + ".example.com";
    }

    static String contact(int n) {
        return "customer" + n + "@client" + (n % 997) + ".example.org";
    }

    static String messageId(long number) {
        return "<" + Long.toHexString(number * 0x9E3779B97F4A7C15L) + "." + number + "@herald.example.com>";
    }

    /** Writes at least {@code n} records (a message's events are never split) and returns how many. */
    long write(long n) {
        try {
            while (records < n) {
                message();
            }
            for (Out o : outs.values()) {
                o.out.close();
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void message() throws IOException {
        int campaign = random.nextInt(CAMPAIGNS);
        int contact = random.nextInt(200_000);
        long number = messageNumber++;
        String mid = messageId(number);
        String network = new java.util.UUID(number * 31 + 7, number * 17 + 3).toString();
        String sender = campaignSender(campaign);
        String to = contact(contact);
        String subject = "Autumn offer " + campaign + ", for you: \"tea\" & more";
        Map<RecordField, String> base = new EnumMap<>(RecordField.class);
        base.put(RecordField.INTERNAL_MESSAGE_ID, Long.toString(number));
        base.put(RecordField.MESSAGE_ID, mid);
        base.put(RecordField.NETWORK_MESSAGE_ID, network);
        base.put(RecordField.RECIPIENT_ADDRESS, to);
        base.put(RecordField.TOTAL_BYTES, Integer.toString(8000 + random.nextInt(20000)));
        base.put(RecordField.RECIPIENT_COUNT, "1");
        base.put(RecordField.MESSAGE_SUBJECT, subject);
        base.put(RecordField.SENDER_ADDRESS, sender);
        base.put(RecordField.RETURN_PATH, "bounces+" + number + "@shop" + (campaign % 5) + ".example.com");
        base.put(RecordField.DIRECTIONALITY, "Originating");
        event(LogLayout.Prefix.MSGTRKMS, base, "SUBMIT", "STOREDRIVER", Map.of(
                RecordField.SOURCE_CONTEXT, "Campaign:" + campaign + ", Contact:" + contact,
                RecordField.SERVER_HOSTNAME, "herald.example.com",
                RecordField.CUSTOM_DATA, "S:CampaignId=" + campaign));
        int fate = random.nextInt(100);
        if (fate < 5) {
            event(LogLayout.Prefix.MSGTRK, base, "DEFER", "SMTP", relay("451 4.7.1 Try again later"));
        }
        if (fate < 2) {
            event(LogLayout.Prefix.MSGTRK, base, "FAIL", "SMTP", relay("550 5.1.1 User unknown"));
            return;
        }
        event(LogLayout.Prefix.MSGTRK, base, "SEND", "SMTP", relay("250 2.1.5 Recipient OK"));
        if (fate < 40) {
            event(LogLayout.Prefix.MSGTRK, base, "AGENTINFO", "AGENT", Map.of(
                    RecordField.CUSTOM_DATA, "S:Event=Open;S:Ip=198.51.100." + random.nextInt(250)
                            + ";S:UserAgent=Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
        }
        if (fate < 15) {
            event(LogLayout.Prefix.MSGTRK, base, "AGENTINFO", "AGENT", Map.of(
                    RecordField.CUSTOM_DATA, "S:Event=Click;S:Url=https://shop.example.com/tea?c=" + campaign + "&utm_source=herald"));
        }
    }

    private Map<RecordField, String> relay(String status) {
        return Map.of(RecordField.SERVER_IP, "10.0.0.25", RecordField.SERVER_HOSTNAME, "relay.example.net",
                RecordField.CONNECTOR_ID, "Herald\\Relay", RecordField.RECIPIENT_STATUS, status,
                RecordField.SOURCE_CONTEXT, status.startsWith("250") ? "250 2.0.0 Ok: queued as " + Long.toHexString(random.nextLong()) : status,
                RecordField.MESSAGE_INFO, TIME.format(Instant.ofEpochMilli(clock)) + ";LSRV=herald.example.com");
    }

    private void event(LogLayout.Prefix prefix, Map<RecordField, String> base, String eventId, String source,
                       Map<RecordField, String> extra) throws IOException {
        clock += 1 + random.nextInt(40);
        Map<RecordField, String> v = new EnumMap<>(base);
        v.putAll(extra);
        v.put(RecordField.DATE_TIME, TIME.format(Instant.ofEpochMilli(clock)));
        v.put(RecordField.EVENT_ID, eventId);
        v.put(RecordField.SOURCE, source);
        if (foreign) {
            v.put(RecordField.TRANSPORT_TRAFFIC_TYPE, "Email");
            v.put(RecordField.LOG_ID, new java.util.UUID(clock, records).toString());
            v.put(RecordField.SCHEMA_VERSION, "15.02.1544.004");
        }
        List<String> layout = foreign ? LogLayout.EXCHANGE_2016 : LogLayout.EXCHANGE_2013;
        byte[] line = (LogLines.line(v, layout) + (foreign ? "\n" : LogLines.CRLF)).getBytes(StandardCharsets.UTF_8);
        out(prefix, line.length).write(line);
        records++;
    }

    private OutputStream out(LogLayout.Prefix prefix, int next) throws IOException {
        Out o = outs.get(prefix);
        String day = (foreign ? HOUR : DAY).format(Instant.ofEpochMilli(clock));
        if (o != null && o.size + next <= maxFile && o.day.equals(day)) {
            o.size += next;
            return o.out;
        }
        int instance = o != null && o.day.equals(day) ? o.instance + 1 : 1;
        if (o != null) {
            o.out.close();
        }
        String name = prefix + day + "-" + instance + (foreign ? ".LOG" : ".log");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16);
        String date = TIME.format(Instant.ofEpochMilli(clock));
        byte[] header = foreign
                ? ("#Software: Microsoft Exchange Server\n#Version: 15.02.1544.004\n#Log-Type: Message Tracking Log\n#Date: " + date
                        + "\n#Fields: " + String.join(",", LogLayout.EXCHANGE_2016) + "\n").getBytes(StandardCharsets.UTF_8)
                : ("\uFEFF" + LogLines.header(date)).getBytes(StandardCharsets.UTF_8);
        out.write(header);
        Out fresh = new Out(out, day, instance);
        fresh.size = header.length + next;
        outs.put(prefix, fresh);
        return out;
    }

    private static final class Out {
        final OutputStream out;
        final String day;
        final int instance;
        long size;

        Out(OutputStream out, String day, int instance) {
            this.out = out;
            this.day = day;
            this.instance = instance;
        }
    }
}
