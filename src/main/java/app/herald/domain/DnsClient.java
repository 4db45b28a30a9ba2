package app.herald.domain;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal DNS stub client (RFC 1035) for the record types the domain check reads, asking one
 * given server over UDP with EDNS0 and again over TCP when the answer is truncated. Written here
 * because the JDK's JNDI DNS provider joins a TXT record's strings with spaces, which corrupts
 * long SPF and DKIM records.
 */
final class DnsClient {
    static final int A = 1;
    static final int CNAME = 5;
    static final int MX = 15;
    static final int TXT = 16;
    static final int AAAA = 28;
    private static final int OPT = 41;
    private static final int UDP_PAYLOAD = 1232;
    private static final int TRIES = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One answer record; {@code data} is the TXT text (strings joined), the target name, or the address. */
    record Answer(int type, String data, int preference) {
    }

    private final InetSocketAddress server;
    private final Duration timeout;

    DnsClient(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** The first nameserver of /etc/resolv.conf, else 127.0.0.1, port 53. */
    static InetSocketAddress systemResolver() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 2 && parts[0].equals("nameserver")) {
                    return InetSocketAddress.createUnresolved(parts[1], 53);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no resolv.conf (Windows, containers): fall through to a local resolver
        }
        return InetSocketAddress.createUnresolved("127.0.0.1", 53);
    }

    String server() {
        String host = server.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** The answers of the given type; empty when the name or the type does not exist. */
    List<Answer> query(String name, int type) {
        int id = RANDOM.nextInt(0x10000);
        byte[] request = request(id, name, type);
        byte[] response = udp(request, id, name, type);
        if ((response[2] & 0x02) != 0) {
            response = tcp(request, name, type);
        }
        return parse(response, id, name, type);
    }

    private byte[] udp(byte[] request, int id, String name, int type) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(server.getHostString()), server.getPort());
            for (int attempt = 1; ; attempt++) {
                socket.send(new DatagramPacket(request, request.length, to));
                byte[] buf = new byte[UDP_PAYLOAD + 512];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    do {
                        socket.receive(p);
                    } while (p.getLength() < 12 || ((buf[0] & 0xff) << 8 | buf[1] & 0xff) != id);
                    return java.util.Arrays.copyOf(buf, p.getLength());
                } catch (SocketTimeoutException e) {
                    if (attempt == TRIES) {
                        throw new DnsException("DNS server " + server() + " did not answer " + typeName(type) + " " + name
                                + " within " + timeout.toMillis() + " ms (" + TRIES + " tries); check --resolver or dns.resolver");
                    }
                }
            }
        } catch (IOException e) {
            throw new DnsException("cannot ask DNS server " + server() + " for " + typeName(type) + " " + name + ": " + e.getMessage(), e);
        }
    }

    private byte[] tcp(byte[] request, String name, int type) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(server.getHostString()), server.getPort()), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(request.length);
            out.write(request);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return response;
        } catch (IOException e) {
            throw new DnsException("the answer of DNS server " + server() + " for " + typeName(type) + " " + name
                    + " was truncated and the TCP retry failed: " + e.getMessage(), e);
        }
    }

    private static byte[] request(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        writeU16(b, id);
        writeU16(b, 0x0100); // recursion desired
        writeU16(b, 1);
        writeU16(b, 0);
        writeU16(b, 0);
        writeU16(b, 1); // the EDNS0 OPT record: answers up to UDP_PAYLOAD bytes without TCP
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.write(0);
        writeU16(b, type);
        writeU16(b, 1);
        b.write(0);
        writeU16(b, OPT);
        writeU16(b, UDP_PAYLOAD);
        writeU16(b, 0);
        writeU16(b, 0);
        writeU16(b, 0);
        return b.toByteArray();
    }

    private List<Answer> parse(byte[] m, int id, String name, int type) {
        if (m.length < 12 || ((m[0] & 0xff) << 8 | m[1] & 0xff) != id) {
            throw new DnsException("DNS server " + server() + " sent a malformed answer for " + typeName(type) + " " + name);
        }
        int rcode = m[3] & 0x0f;
        if (rcode == 3) {
            return List.of();
        }
        if (rcode != 0) {
            throw new DnsException("DNS server " + server() + " answered " + rcodeName(rcode) + " for " + typeName(type) + " " + name);
        }
        int questions = u16(m, 4);
        int answers = u16(m, 6);
        int[] pos = {12};
        try {
            for (int i = 0; i < questions; i++) {
                name(m, pos);
                pos[0] += 4;
            }
            List<Answer> out = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                name(m, pos);
                int rtype = u16(m, pos[0]);
                int rdlength = u16(m, pos[0] + 8);
                int start = pos[0] + 10;
                pos[0] = start + rdlength;
                if (pos[0] > m.length) {
                    throw new IndexOutOfBoundsException("record past the end");
                }
                if (rtype == type) {
                    out.add(answer(m, rtype, start, rdlength));
                }
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw new DnsException("DNS server " + server() + " sent a malformed answer for " + typeName(type) + " " + name, e);
        }
    }

    private static Answer answer(byte[] m, int type, int start, int length) throws IndexOutOfBoundsException {
        return switch (type) {
            case TXT -> {
                StringBuilder sb = new StringBuilder();
                for (int p = start; p < start + length; ) {
                    int n = m[p] & 0xff;
                    sb.append(new String(m, p + 1, n, StandardCharsets.UTF_8));
                    p += 1 + n;
                }
                yield new Answer(type, sb.toString(), 0);
            }
            case MX -> new Answer(type, name(m, new int[] {start + 2}), u16(m, start));
            case CNAME -> new Answer(type, name(m, new int[] {start}), 0);
            case A, AAAA -> {
                try {
                    yield new Answer(type, InetAddress.getByAddress(java.util.Arrays.copyOfRange(m, start, start + length)).getHostAddress(), 0);
                } catch (java.net.UnknownHostException e) {
                    throw new IndexOutOfBoundsException("bad address length " + length);
                }
            }
            default -> new Answer(type, "", 0);
        };
    }

    /** A possibly compressed name at {@code pos[0]}, lower case without the final dot; advances pos past it. */
    private static String name(byte[] m, int[] pos) {
        StringBuilder sb = new StringBuilder();
        int p = pos[0];
        boolean jumped = false;
        for (int hops = 0; ; hops++) {
            int len = m[p] & 0xff;
            if (len == 0) {
                if (!jumped) {
                    pos[0] = p + 1;
                }
                break;
            }
            if ((len & 0xc0) == 0xc0) {
                if (hops > 64) {
                    throw new IndexOutOfBoundsException("name compression loop");
                }
                if (!jumped) {
                    pos[0] = p + 2;
                }
                jumped = true;
                p = (len & 0x3f) << 8 | m[p + 1] & 0xff;
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(new String(m, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static int u16(byte[] m, int p) {
        return (m[p] & 0xff) << 8 | m[p + 1] & 0xff;
    }

    private static void writeU16(ByteArrayOutputStream b, int v) {
        b.write(v >> 8 & 0xff);
        b.write(v & 0xff);
    }

    static String typeName(int type) {
        return switch (type) {
            case A -> "A";
            case CNAME -> "CNAME";
            case MX -> "MX";
            case TXT -> "TXT";
            case AAAA -> "AAAA";
            default -> "type " + type;
        };
    }

    private static String rcodeName(int rcode) {
        return switch (rcode) {
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> "error " + rcode;
        };
    }
}
