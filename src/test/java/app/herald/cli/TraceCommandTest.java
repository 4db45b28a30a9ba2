package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TraceCommandTest {
    private static final String FIELDS = "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,"
            + "source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,"
            + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data\r\n";

    @TempDir
    Path dir;

    @BeforeEach
    void log() throws IOException {
        String text = "\uFEFF#Software: Microsoft Exchange Server\r\n#Version: 15.00.1497.002\r\n#Log-type: Message Tracking Log\r\n"
                + "#Date: 2026-10-01T08:00:00.000Z\r\n" + FIELDS
                + "2026-10-01T08:00:00.000Z,,,,herald.example.com,,,STOREDRIVER,SUBMIT,101,<m1@herald.example.com>,"
                + "00000000-0000-0000-0000-000000000101,ann@example.com;bob@example.com,,12000,2,,,\"Tea, green\",shop@example.com,"
                + "bounces@example.com,,Originating,,,,S:CampaignId=7\r\n"
                + "2026-10-01T08:00:01.000Z,,,10.0.0.25,relay.example.net,250 2.0.0 Ok,Herald\\Relay,SMTP,SEND,101,<m1@herald.example.com>,"
                + "00000000-0000-0000-0000-000000000101,ann@example.com;bob@example.com,250 2.1.5 Recipient OK;250 2.1.5 Recipient OK,12000,2,,,"
                + "\"Tea, green\",shop@example.com,bounces@example.com,,Originating,,,,\r\n"
                + "2026-10-01T09:00:00.000Z,,,,,,,AGENT,AGENTINFO,101,<m1@herald.example.com>,00000000-0000-0000-0000-000000000101,"
                + "ann@example.com,,,,,,,shop@example.com,,,,,,,S:Event=Open;S:Ip=198.51.100.7\r\n"
                + "2026-10-01T09:30:00.000Z,not enough fields\r\n";
        Files.writeString(dir.resolve("MSGTRK20261001-1.log"), text, StandardCharsets.UTF_8);
    }

    @Test
    void tableShowsExchangesDefaultColumns() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--sender", "SHOP@example.com");

        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("Timestamp +EventId +Source +Sender +Recipients +MessageSubject");
        assertThat(lines.get(1)).matches("-{9} +-{7} +-{6} +-{6} +-{10} +-{14}");
        assertThat(lines.get(2)).matches("2026-10-01T08:00:00.000Z SUBMIT +STOREDRIVER shop@example.com \\{ann@example.com, bob@example.com\\} Tea, green");
        assertThat(lines).hasSize(5);
    }

    @Test
    void malformedLinesGoToStderrWithFileAndLine() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString());

        assertThat(r.err()).contains("MSGTRK20261001-1.log:9: expected 27 fields as the #Fields line says, found 2")
                .contains("1 malformed line skipped");
        assertThat(r.out().lines().count()).isEqualTo(5);
    }

    @Test
    void saysSoWhenMoreRecordsMatchThanTheResultSize() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--result-size", "2");

        assertThat(r.out().lines().count()).isEqualTo(4);
        assertThat(r.err()).contains("WARNING: There are more results available than are currently displayed."
                + " To view them, increase the value for the ResultSize parameter.");
    }

    @Test
    void csvHasEveryPropertyAndListsJoinedBySemicolons() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--event-id", "send", "--format", "csv");

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Timestamp,ClientIp,ClientHostname,ServerIp,ServerHostname,SourceContext,ConnectorId,Source,EventId,")
                .endsWith("OriginalClientIp,OriginalServerIp,EventData");
        assertThat(lines.get(1)).startsWith("2026-10-01T08:00:01.000Z,,,10.0.0.25,relay.example.net,250 2.0.0 Ok,Herald\\Relay,SMTP,SEND,101,")
                .contains(",ann@example.com;bob@example.com,250 2.1.5 Recipient OK;250 2.1.5 Recipient OK,12000,2,,,\"Tea, green\",");
        assertThat(r.out()).contains("\r\n");
    }

    @Test
    void jsonIsTheApiDocumentWithExchangePropertyNames() throws IOException {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--recipients", "nobody@example.com,ANN@example.com", "--format", "json");

        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertThat(names(doc)).containsExactly("records", "more_available", "malformed");
        JsonNode open = doc.get("records").get(2);
        assertThat(open.get("EventId").asText()).isEqualTo("AGENTINFO");
        assertThat(open.get("EventData").get(0).get("Key").asText()).isEqualTo("Event");
        assertThat(open.get("EventData").get(0).get("Value").asText()).isEqualTo("Open");
        assertThat(doc.get("records").get(0).get("Recipients").get(1).asText()).isEqualTo("bob@example.com");
        assertThat(doc.get("records").get(0).get("TotalBytes").asLong()).isEqualTo(12000);
        assertThat(doc.get("malformed").get(0).get("line").asLong()).isEqualTo(9);
        assertThat(doc.get("more_available").asBoolean()).isFalse();
    }

    @Test
    void aBadTimeIsAnOperatorErrorNamingTheOption() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--start", "last tuesday");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--start must be an ISO 8601 date or date-time");
    }

    @Test
    void aDirectoryOfLogsIsSearchedEvenWhereHeraldsConfigurationDoesNotLoad() {
        CliRun r = CliRun.run("trace", "--set", "http.port=not-a-port", "--log-dir", dir.toString(), "--sender", "shop@example.com");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().count()).isEqualTo(5);
        assertThat(CliRun.run("trace", "--set", "http.port=not-a-port").err()).contains("http.port");
    }

    @Test
    void aMissingDirectoryIsAnOperatorError() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.resolve("nope").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist or is not a directory");
    }

    @Test
    void deliveryReportPrintsStatusAndPathPerRecipient() throws IOException {
        CliRun table = CliRun.run("delivery-report", "shop@example.com", "--log-dir", dir.toString());
        CliRun json = CliRun.run("delivery-report", "shop@example.com", "--log-dir", dir.toString(), "--format", "json");

        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("Delivery report for shop@example.com: 1 message")
                .contains("  To: ann@example.com  Read").contains("  To: bob@example.com  Delivered")
                .containsPattern("2026-10-01T08:00:01.000Z  SEND +SMTP +250 2.1.5 Recipient OK");
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.get("messages").get(0).get("recipients").get(0).get("status").asText()).isEqualTo("Read");
        assertThat(doc.get("messages").get(0).get("recipients").get(0).get("events").get(2).get("event_id").asText()).isEqualTo("AGENTINFO");
    }

    @Test
    void theDirectParserKnowsEveryOptionPicocliDeclares() {
        Set<String> declared = new HashSet<>();
        new CommandLine(new TraceCommand()).getCommandSpec().options().forEach(o -> declared.addAll(List.of(o.names())));

        Set<String> direct = new HashSet<>(TraceCommand.VALUED);
        direct.add("--no-index");
        assertThat(direct).isEqualTo(declared);
    }

    @Test
    void theDirectParserReadsOptionsAsPicocliDoes() {
        List<String> args = List.of("--sender", "a@example.com", "--recipients", "b@example.com,c@example.com", "--recipients=d@example.com",
                "--message-id", "<m@x>", "--internal-message-id=7", "--network-message-id", "n", "--event-id", "SEND", "--source", "SMTP",
                "--start", "2026-10-01", "--end=2026-10-02T08:00+08:00", "--subject", "tea, green", "--reference", "r",
                "--result-size", "unlimited", "--format", "csv", "--log-dir", dir.toString(), "--no-index", "-c", "herald.yml",
                "--set", "a.b=1", "--set=c.d=2");
        TraceCommand picocli = new TraceCommand();
        new CommandLine(picocli).parseArgs(args.toArray(String[]::new));

        TraceCommand direct = TraceCommand.parseDirect(args).orElseThrow();

        assertThat(direct).usingRecursiveComparison().comparingOnlyFields("sender", "recipients", "messageId", "internalMessageId",
                "networkMessageId", "eventId", "source", "start", "end", "subject", "reference", "resultSize", "format", "logDir",
                "noIndex", "options.configFile", "options.overrides").isEqualTo(picocli);
    }

    @Test
    void anythingButPlainOptionsIsLeftToPicocli() {
        assertThat(TraceCommand.parseDirect(List.of("--help"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of("--sender", "a", "--sender", "b"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of("--sender"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of("--sender", "--no-index"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of("--format", "xml"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of("extra"))).isEmpty();
        assertThat(TraceCommand.parseDirect(List.of())).isPresent();
    }

    @Test
    void aBadFormatIsReportedByPicocli() {
        CliRun r = CliRun.run("trace", "--log-dir", dir.toString(), "--format", "xml");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--format must be table, csv or json, got 'xml'");
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
