package app.herald.devinbox;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class DeliverEventsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void logsEachCapturedMessageAsADeliverInTheMailboxDeliveryLog() throws Exception {
        String raw = """
                From: "Acme News" <news@acme.example>\r
                To: anna@example.com, ben@example.com\r
                Subject: =?UTF-8?B?5pil5a2j5L+D6ZSA?=\r
                Date: Tue, 4 Mar 2025 10:00:00 +0000\r
                Message-ID: <0b7099ea-cb95-4e34-928e-08dc5f139ac8@acme.example>\r
                X-Herald-Message: 0b7099ea-cb95-4e34-928e-08dc5f139ac8\r
                \r
                Hello\r
                """;
        List<Row> rows;
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
             DevInbox inbox = DevInbox.start(DB.jdbi(), 0, log)) {
            // a bounce-style message: the null return path <>
            smtp(inbox.port(), "", List.of("anna@example.com", "ben@example.com"), raw);
            log.flush();
            rows = WrittenLog.rows(dir);
        }

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.file()).startsWith("MSGTRKMD");
            assertThat(r.eventId()).isEqualTo("DELIVER");
            assertThat(r.get("source")).isEqualTo("STOREDRIVER");
            assertThat(r.get("client-ip")).isEqualTo("127.0.0.1");
            assertThat(r.get("client-hostname")).isEqualTo("test-client.example");
            assertThat(r.get("server-hostname")).isEqualTo("herald-dev-inbox");
            assertThat(r.recipients()).containsExactly("anna@example.com", "ben@example.com");
            assertThat(r.recipientStatus()).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("250 Ok: captured"));
            assertThat(r.get("recipient-count")).isEqualTo("2");
            assertThat(r.get("message-id")).isEqualTo("<0b7099ea-cb95-4e34-928e-08dc5f139ac8@acme.example>");
            assertThat(r.get("network-message-id")).isEqualTo("0b7099ea-cb95-4e34-928e-08dc5f139ac8");
            assertThat(r.get("message-subject")).isEqualTo("春季促销");
            assertThat(r.get("sender-address")).isEqualTo("news@acme.example");
            assertThat(r.get("return-path")).isEqualTo("<>");
            assertThat(r.get("message-info")).isEqualTo("2025-03-04T10:00:00.000Z");
            assertThat(Long.parseLong(r.get("total-bytes"))).isGreaterThanOrEqualTo(raw.length());
        });
    }

    /** A plain SMTP conversation, so that the envelope sender can be the null sender. */
    private static void smtp(int port, String from, List<String> to, String data) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test-client.example", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String r : to) {
                command(out, in, "RCPT TO:<" + r + ">", "250");
            }
            command(out, in, "DATA", "354");
            command(out, in, data + ".", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("SMTP reply").startsWith(code);
        } while (line.charAt(3) == '-');
    }
}
