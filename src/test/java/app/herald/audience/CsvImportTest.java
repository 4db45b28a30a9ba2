package app.herald.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class CsvImportTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final Audience audience = new Audience(DB.jdbi());

    @Test
    void importsNewContactsWithTheirFieldsAndAddsThemToTheList() {
        long list = audience.createList("customers");
        ImportResult result = importCsv(list, """
                email,first_name,last_name,company,country,language,timezone
                ana@example.com,Ana,Lopez,Acme,ES,es,Europe/Madrid
                bo@example.com,Bo,,,SE,,
                """);
        assertThat(result).isEqualTo(new ImportResult(2, 0, List.of(), 0));
        Contact ana = contact("ana@example.com");
        assertThat(List.of(ana.firstName(), ana.lastName(), ana.company(), ana.country(), ana.language(), ana.timezone()))
                .extracting(o -> o.orElse(null))
                .containsExactly("Ana", "Lopez", "Acme", "ES", "es", "Europe/Madrid");
        assertThat(contact("bo@example.com").lastName()).isEmpty();
        assertThat(audience.getList(list).members()).isEqualTo(2);
    }

    @Test
    void readsUtf8WithByteOrderMark() {
        long list = audience.createList("l");
        byte[] body = "Email,First Name\nana@example.com,Ana\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        ImportResult result = audience.importCsv(list, new ByteArrayInputStream(withBom), null);
        assertThat(result.imported()).isEqualTo(1);
        assertThat(contact("ana@example.com").firstName()).hasValue("Ana");
    }

    @Test
    void readsSemicolonSeparatedFilesAsSpreadsheetsInEuropeWriteThem() {
        long list = audience.createList("l");
        ImportResult result = importCsv(list, "E-Mail;Vorname;Firma\r\nana@example.de;Ana;\"Müller, Söhne & Co\"\r\n");
        assertThat(result.imported()).isEqualTo(1);
        Contact ana = contact("ana@example.de");
        assertThat(ana.attributes()).containsEntry("Vorname", "Ana").containsEntry("Firma", "Müller, Söhne & Co");
    }

    @Test
    void keepsCommasQuotesAndLineBreaksInQuotedFieldsAndCountsLinesAfterThem() {
        long list = audience.createList("l");
        ImportResult result = importCsv(list, """
                email,company,notes
                ana@example.com,"Acme, Inc.","She said ""hi""
                and left"
                broken-address,x,y
                bo@example.com,"Bo's ""Best"" Shop",
                """);
        assertThat(result.rejected()).extracting(Rejection::line).containsExactly(4L);
        Contact ana = contact("ana@example.com");
        assertThat(ana.company()).hasValue("Acme, Inc.");
        assertThat(ana.attributes()).containsEntry("notes", "She said \"hi\"\nand left");
        assertThat(contact("bo@example.com").company()).hasValue("Bo's \"Best\" Shop");
    }

    @Test
    void reportsBadRowsByLineWithAReasonAndImportsTheRest() {
        long list = audience.createList("l");
        ImportResult result = importCsv(list, """
                email,first_name
                good1@example.com,A
                not-an-address,B
                ,C
                good2@example.com,D,extra
                good3@example.com,"E"F
                good4@example.com,G
                good5@example.com,"H
                """);
        assertThat(result.imported()).isEqualTo(2);
        assertThat(result.rejectedTotal()).isEqualTo(5);
        assertThat(result.rejected()).extracting(Rejection::line).containsExactly(3L, 4L, 5L, 6L, 8L);
        assertThat(result.rejected()).extracting(Rejection::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("invalid e-mail address \"not-an-address\": has no @"),
                r -> assertThat(r).isEqualTo("no e-mail address"),
                r -> assertThat(r).isEqualTo("has 3 fields but the header has 2"),
                r -> assertThat(r).startsWith("broken quoting: unexpected character 'F' after the closing quote of field 2"),
                r -> assertThat(r).contains("broken quoting").contains("not closed before the end of the file"));
        assertThat(audience.findContactByEmail("good1@example.com")).isPresent();
        assertThat(audience.findContactByEmail("good4@example.com")).isPresent();
        assertThat(audience.findContactByEmail("good3@example.com")).isEmpty();
    }

    @Test
    void importsTheRowsAfterAnUnclosedQuote() {
        long list = audience.createList("l");
        ImportResult result = importCsv(list, """
                email,first_name
                a@example.com,"Ann
                b@example.com,Bob
                c@example.com,"Cid"
                """);
        assertThat(result.rejected()).extracting(Rejection::line).containsExactly(2L);
        assertThat(result.imported()).isEqualTo(2);
        assertThat(contact("c@example.com").firstName()).hasValue("Cid");
    }

    @Test
    void countsAnAddressRepeatedInTheFileOnceAndLetsTheLaterRowWin() {
        long list = audience.createList("l");
        ImportResult result = importCsv(list, """
                email,first_name,last_name,tier
                ana@example.com,Ana,Lopez,silver
                bo@example.com,Bo,,
                ANA@example.com,Anna,,gold
                """);
        assertThat(result).isEqualTo(new ImportResult(2, 0, List.of(), 0));
        Contact ana = contact("ana@example.com");
        assertThat(ana.email()).isEqualTo("ANA@example.com");
        assertThat(ana.firstName()).hasValue("Anna");
        assertThat(ana.lastName()).hasValue("Lopez");
        assertThat(ana.attributes()).containsExactly(Map.entry("tier", "gold"));
    }

    @Test
    void countsAnExistingContactRepeatedInTheFileAsOneUpdate() {
        long list = audience.createList("l");
        importCsv(list, "email\nana@example.com\n");
        ImportResult result = importCsv(list, "email,first_name\nana@example.com,A\nAna@Example.com,Ana\nnew@example.com,N\n");
        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(contact("ana@example.com").firstName()).hasValue("Ana");
        assertThat(contact("ana@example.com").email()).isEqualTo("ana@example.com");
    }

    @Test
    void updatesExistingContactsWithoutErasingValuesWithBlankCells() {
        long list = audience.createList("l");
        importCsv(list, "email,first_name,last_name,company,region\nana@example.com,Ana,Lopez,Acme,North\n");
        ImportResult result = importCsv(list, "email,first_name,last_name,company,region,size\nana@example.com,Anita,,  ,,L\n");
        assertThat(result).isEqualTo(new ImportResult(0, 1, List.of(), 0));
        Contact ana = contact("ana@example.com");
        assertThat(ana.firstName()).hasValue("Anita");
        assertThat(ana.lastName()).hasValue("Lopez");
        assertThat(ana.company()).hasValue("Acme");
        assertThat(ana.attributes()).containsOnly(Map.entry("region", "North"), Map.entry("size", "L"));
        assertThat(audience.getList(list).members()).isEqualTo(1);
    }

    @Test
    void reimportingTheSameFileCountsUpdatesButRewritesNothing() {
        long list = audience.createList("l");
        String csv = "email,first_name,region\nana@example.com,Ana,North\nbo@example.com,,\n";
        importCsv(list, csv);
        List<String> before = DB.jdbi().withHandle(h -> h.createQuery("SELECT xmin::text FROM contact ORDER BY id").mapTo(String.class).list());

        ImportResult again = importCsv(list, csv);

        assertThat(again).isEqualTo(new ImportResult(0, 2, List.of(), 0));
        List<String> after = DB.jdbi().withHandle(h -> h.createQuery("SELECT xmin::text FROM contact ORDER BY id").mapTo(String.class).list());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void importsNothingWhenReadingTheFileFailsHalfway() {
        long list = audience.createList("l");
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("c").append(i).append("@example.com\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= bytes.length / 2) {
                    throw new IOException("connection reset by peer");
                }
                return bytes[pos++];
            }
        };
        assertThatThrownBy(() -> audience.importCsv(list, failing, null))
                .isInstanceOf(app.herald.HeraldException.class)
                .hasMessageContaining("reading the CSV failed")
                .hasMessageContaining("connection reset by peer")
                .hasMessageContaining("nothing was imported");
        assertThat(audience.getList(list).members()).isZero();
        assertThat(audience.findContactByEmail("c1@example.com")).isEmpty();
    }

    @Test
    void keepsUnknownColumnsAsAttributesUnderTheirHeaderNames() {
        long list = audience.createList("l");
        importCsv(list, "mail, Region ,Customer Since,\nana@example.com,North,2019,ignored\n");
        assertThat(contact("ana@example.com").attributes())
                .containsOnly(Map.entry("Region", "North"), Map.entry("Customer Since", "2019"));
    }

    @Test
    void mapsKnownColumnsByTheirAliasesInAnyCase() {
        long list = audience.createList("l");
        importCsv(list, "E-MAIL,FirstName,Surname,Organisation,Time Zone,lang\nana@example.com,Ana,Lopez,Acme,UTC,es\n");
        Contact ana = contact("ana@example.com");
        assertThat(ana.firstName()).hasValue("Ana");
        assertThat(ana.lastName()).hasValue("Lopez");
        assertThat(ana.company()).hasValue("Acme");
        assertThat(ana.timezone()).hasValue("UTC");
        assertThat(ana.language()).hasValue("es");
        assertThat(ana.attributes()).isEmpty();
    }

    @Test
    void reimportNeverResubscribesAContact() {
        long list = audience.createList("l");
        long other = audience.createList("other");
        importCsv(list, "email,first_name\nana@example.com,Ana\n");
        assertThat(audience.unsubscribe(contact("ana@example.com").id())).isTrue();

        ImportResult result = importCsv(other, "email,first_name\nana@example.com,Ana Maria\n");

        assertThat(result.updated()).isEqualTo(1);
        Contact ana = contact("ana@example.com");
        assertThat(ana.status()).isEqualTo(ContactStatus.UNSUBSCRIBED);
        assertThat(ana.firstName()).hasValue("Ana Maria");
        assertThat(audience.getList(other).members()).isEqualTo(1);
        assertThat(audience.getList(other).active()).isZero();
    }

    @Test
    void importNeverChangesBouncedOrComplainedStatus() {
        long list = audience.createList("l");
        importCsv(list, "email\nb@example.com\nc@example.com\n");
        DB.jdbi().useHandle(h -> {
            h.execute("UPDATE contact SET status = 'bounced' WHERE email = 'b@example.com'");
            h.execute("UPDATE contact SET status = 'complained' WHERE email = 'c@example.com'");
        });
        importCsv(list, "email\nb@example.com\nc@example.com\n");
        assertThat(contact("b@example.com").status()).isEqualTo(ContactStatus.BOUNCED);
        assertThat(contact("c@example.com").status()).isEqualTo(ContactStatus.COMPLAINED);
    }

    @Test
    void keepsChineseNamesAndHeaders() {
        long list = audience.createList("客户");
        ImportResult result = importCsv(list, "邮箱,姓,名,公司,地区\nwang.li@example.cn,王,丽,上海贸易有限公司,华东\n");
        assertThat(result.imported()).isEqualTo(1);
        Contact wang = contact("wang.li@example.cn");
        assertThat(wang.lastName()).hasValue("王");
        assertThat(wang.firstName()).hasValue("丽");
        assertThat(wang.company()).hasValue("上海贸易有限公司");
        assertThat(wang.attributes()).containsExactly(Map.entry("地区", "华东"));
        assertThat(audience.findListByName("客户")).isPresent();
    }

    @Test
    void storesBackslashesAndTabsVerbatim() {
        long list = audience.createList("l");
        importCsv(list, "email,note\nana@example.com,\"C:\\path\\N\tx\\.\"\n");
        assertThat(contact("ana@example.com").attributes()).containsEntry("note", "C:\\path\\N\tx\\.");
    }

    @Test
    void refusesFileWithoutEmailColumn() {
        long list = audience.createList("l");
        assertThatThrownBy(() -> importCsv(list, "name,company\nAna,Acme\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no e-mail column")
                .hasMessageContaining("[name, company]");
    }

    @Test
    void refusesFileWhoseFirstLineIsData() {
        long list = audience.createList("l");
        assertThatThrownBy(() -> importCsv(list, "ana@example.com,Ana\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no header");
    }

    @Test
    void refusesEmptyFile() {
        long list = audience.createList("l");
        assertThatThrownBy(() -> importCsv(list, "")).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    }

    @Test
    void refusesHeaderNamingAColumnTwice() {
        long list = audience.createList("l");
        assertThatThrownBy(() -> importCsv(list, "email,E-Mail\na@example.com,b@example.com\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("column 1 'email' and column 2 'E-Mail'");
    }

    @Test
    void refusesImportIntoUnknownList() {
        assertThatThrownBy(() -> importCsv(999, "email\na@example.com\n")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void reportsProgressByBytesAndRows() {
        long list = audience.createList("l");
        List<long[]> updates = new ArrayList<>();
        String csv = "email\na@example.com\nb@example.com\n";
        audience.importCsv(list, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), (b, r) -> updates.add(new long[] {b, r}));
        assertThat(updates.getLast()).containsExactly(csv.length(), 2);
    }

    @Test
    void importsOneHundredThousandRowsStreamedFromAFile(@TempDir Path dir) throws IOException {
        long list = audience.createList("big");
        importCsv(list, "email,first_name\nc00000042@example.com,Existing\n");
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("email,first_name,last_name,company,country,segment\n");
            for (int i = 0; i < 100_000; i++) {
                String email = i % 10_000 == 9_999 ? "broken-" + i : String.format("c%08d@example.com", i);
                w.write(email + ",First" + i + ",\"Last, " + i + "\",Company " + (i % 500) + ",DE,s" + (i % 7) + "\n");
            }
        }
        ImportResult result;
        try (InputStream in = Files.newInputStream(file)) {
            result = audience.importCsv(list, in, null);
        }
        assertThat(result.rejectedTotal()).isEqualTo(10);
        assertThat(result.rejected().getFirst()).isEqualTo(new Rejection(10_001, "invalid e-mail address \"broken-9999\": has no @"));
        assertThat(result.imported()).isEqualTo(100_000 - 10 - 1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(audience.getList(list).members()).isEqualTo(99_990);
        assertThat(contact("c00054321@example.com").lastName()).hasValue("Last, 54321");
    }

    private ImportResult importCsv(long list, String csv) {
        return audience.importCsv(list, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null);
    }

    private Contact contact(String email) {
        return audience.findContactByEmail(email).orElseThrow(() -> new AssertionError("no contact " + email));
    }
}
