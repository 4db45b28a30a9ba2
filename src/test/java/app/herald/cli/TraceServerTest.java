package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.tracelog.LogSearch;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceServerTest {
    private static final String FIELDS = "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,"
            + "source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,"
            + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data\r\n";

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @BeforeEach
    void log() throws IOException {
        StringBuilder text = new StringBuilder("\uFEFF#Software: Microsoft Exchange Server\r\n#Version: 15.00.1497.002\r\n"
                + "#Log-type: Message Tracking Log\r\n#Date: 2026-10-01T08:00:00.000Z\r\n" + FIELDS);
        for (int i = 0; i < 30; i++) {
            text.append("2026-10-01T08:00:").append(String.format("%02d", i)).append(".000Z,,,10.0.0.25,relay.example.net,250 2.0.0 Ok,")
                    .append("Herald\\Relay,SMTP,SEND,").append(100 + i).append(",<m").append(i).append("@herald.example.com>,")
                    .append("00000000-0000-0000-0000-000000000").append(100 + i).append(",ann").append(i)
                    .append("@example.com,250 2.1.5 OK,12000,1,,,\"Grüner Tee, \"\"frisch\"\"\",shop@example.com,,,Originating,,,,\r\n");
        }
        text.append("2026-10-01T09:30:00.000Z,not enough fields\r\n");
        Files.writeString(logs.resolve("MSGTRK20261001-1.log"), text, StandardCharsets.UTF_8);
    }

    @Test
    void theRunningHeraldAnswersWithTheSameOutputAsASearchHere() {
        List<List<String>> questions = List.of(
                List.of("--sender", "SHOP@example.com"),
                List.of("--sender", "shop@example.com", "--format", "csv", "--result-size", "5"),
                List.of("--recipients", "ann3@example.com,ann7@example.com", "--format", "json"),
                List.of("--subject", "grüner", "--start", "2026-10-01T08:00:10Z", "--end", "2026-10-01T08:00:20Z"),
                List.of("--message-id", "m4@herald.example.com", "--no-index", "--format", "csv"));
        List<CliRun> here = new ArrayList<>();
        for (List<String> q : questions) {
            here.add(trace(q));
        }

        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            for (int i = 0; i < questions.size(); i++) {
                CliRun there = trace(questions.get(i));

                assertThat(there.out()).as("%s", questions.get(i)).isEqualTo(here.get(i).out());
                assertThat(there.err()).as("%s", questions.get(i)).isEqualTo(here.get(i).err());
                assertThat(there.exit()).isEqualTo(here.get(i).exit()).isZero();
            }
            assertThat(server.answered()).isEqualTo(questions.size());
            assertThat(here.get(1).err()).contains("more results available");
            assertThat(here.get(0).err()).contains("MSGTRK20261001-1.log:36:");
        }
    }

    @Test
    void errorsLongerThanOneFrameArriveWholeAndInOrder() throws IOException {
        // hundreds of malformed lines whose reasons quote Chinese text: the server's error output
        // (over 16 kB) goes out in several frames, which the command puts together before decoding
        StringBuilder text = new StringBuilder("\uFEFF" + FIELDS);
        for (int i = 0; i < 400; i++) {
            text.append("绿茶绿茶绿茶-").append(i).append(",,,,,,,,,,,,,,,,,,,,,,,,,,\r\n");
        }
        Files.writeString(logs.resolve("MSGTRK20261002-1.log"), text, StandardCharsets.UTF_8);
        CliRun here = trace(List.of("--sender", "shop@example.com"));

        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            CliRun there = trace(List.of("--sender", "shop@example.com"));

            assertThat(server.answered()).isEqualTo(1);
            assertThat(here.err().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(16 << 10);
            assertThat(there.err()).isEqualTo(here.err()).contains("绿茶绿茶").doesNotContain("\uFFFD");
            assertThat(there.out()).isEqualTo(here.out());
        }
    }

    @Test
    void anErrorInTheRunningHeraldIsTheSameOperatorError() {
        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            CliRun r = CliRun.run("trace", "--set", "data_dir=" + data, "--log-dir", logs.resolve("nope").toString());

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("does not exist or is not a directory");
            assertThat(server.answered()).isEqualTo(1);
        }
    }

    @Test
    void onlyItsOwnerCanAskAndTheSocketGoesWithTheServer() throws IOException {
        Path socket = TraceServer.socket(data);
        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(TraceServer.start(data, new LogSearch(logs))).as("a second Herald on the same data directory").isEmpty();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSocketLeftByAKilledHeraldIsSearchedAroundAndReplaced() throws IOException {
        Path socket = TraceServer.socket(data);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).as("what kill -9 leaves: the file, nobody listening").exists();

        CliRun alone = trace(List.of("--sender", "shop@example.com"));
        assertThat(alone.exit()).isZero();
        assertThat(alone.out().lines().count()).isEqualTo(32);

        try (TraceServer next = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            assertThat(trace(List.of("--sender", "shop@example.com")).out()).isEqualTo(alone.out());
            assertThat(next.answered()).isEqualTo(1);
        }
    }

    @Test
    void aQuestionOfAnotherVersionGetsNoAnswerSoTheCommandSearchesItself() throws IOException {
        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow();
             SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(TraceServer.socket(data)))) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
            out.writeInt(99);
            out.writeUTF("whatever comes next in version 99");
            out.flush();

            assertThat(new DataInputStream(Channels.newInputStream(c)).read()).as("closed without a frame").isEqualTo(-1);
            assertThat(server.answered()).isZero();
        }
    }

    @Test
    void aQuestionThatDoesNotParseGetsNoAnswerAndTheServerGoesOn() throws IOException {
        try (TraceServer server = TraceServer.start(data, new LogSearch(logs)).orElseThrow()) {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(TraceServer.socket(data)))) {
                DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
                out.writeInt(1);
                out.writeUTF(logs.toString());
                out.writeBoolean(false);
                out.writeUTF("csv");
                out.writeUTF("no-such-charset\u0000");
                out.flush();

                assertThat(new DataInputStream(Channels.newInputStream(c)).read()).isEqualTo(-1);
            }

            assertThat(trace(List.of("--sender", "shop@example.com")).exit()).isZero();
            assertThat(server.answered()).isEqualTo(1);
        }
    }

    private CliRun trace(List<String> question) {
        List<String> args = new ArrayList<>(List.of("trace", "--set", "data_dir=" + data, "--log-dir", logs.toString()));
        args.addAll(question);
        return CliRun.run(args.toArray(String[]::new));
    }
}
