package app.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DkimSignerTest {
    static final String DOMAIN = "news.example.com";
    static final DkimKey RSA = DkimKeys.generated(DOMAIN, "h1-rsa", DkimAlgorithm.RSA_SHA256, KeyStatus.ACTIVE);
    static final DkimKey ED = DkimKeys.generated(DOMAIN, "h1-ed25519", DkimAlgorithm.ED25519_SHA256, KeyStatus.ACTIVE);
    static final Map<String, String> DNS = IndependentVerifier.records(List.of(RSA, ED));

    static final String PLAIN = """
            From: Shop <shop@news.example.com>\r
            To: ann@example.org\r
            Subject: Spring tea\r
            Date: Tue, 14 Apr 2026 11:00:00 +0000\r
            Message-ID: <1@news.example.com>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=UTF-8\r
            Content-Transfer-Encoding: 7bit\r
            List-Unsubscribe: <https://t.example.com/t/u/abc>,\r
             <mailto:unsubscribe+abc@news.example.com>\r
            List-Unsubscribe-Post: List-Unsubscribe=One-Click\r
            \r
            Hello Ann,\r
            \r
            our spring tea is here.\r
            """;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] sign(String message, DkimKey... keys) {
        return new DkimSigner(List.of(keys)).sign(bytes(message));
    }

    @Test
    void rsaSignatureVerifiesWithAnIndependentVerifier() {
        IndependentVerifier.Result r = IndependentVerifier.verify(sign(PLAIN, RSA), DNS);

        assertThat(r.signatures()).as(r.log()).containsExactly("0 pass a=rsa-sha256 d=news.example.com s=h1-rsa");
        assertThat(r.allPass()).isTrue();
    }

    @Test
    void ed25519SignatureVerifiesWithAnIndependentVerifier() {
        IndependentVerifier.Result r = IndependentVerifier.verify(sign(PLAIN, ED), DNS);

        assertThat(r.signatures()).as(r.log()).containsExactly("0 pass a=ed25519-sha256 d=news.example.com s=h1-ed25519");
    }

    @Test
    void bothAlgorithmsSignAtOnceWithTwoHeaders() {
        byte[] signed = sign(PLAIN, RSA, ED);

        assertThat(Pattern.compile("^DKIM-Signature:", Pattern.MULTILINE).matcher(text(signed)).results().count()).isEqualTo(2);
        IndependentVerifier.Result r = IndependentVerifier.verify(signed, DNS);
        assertThat(r.signatures()).as(r.log()).containsExactly(
                "0 pass a=rsa-sha256 d=news.example.com s=h1-rsa",
                "1 pass a=ed25519-sha256 d=news.example.com s=h1-ed25519");
    }

    @Test
    void signsTheRequiredHeadersAndOversignsTheOnesThatMustNotBeAdded() {
        String h = tag(text(sign(PLAIN, ED)), "h");

        assertThat(h.split(":")).containsExactly("from", "from", "reply-to", "subject", "subject", "date", "to", "to", "cc",
                "message-id", "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe",
                "list-unsubscribe", "list-unsubscribe-post", "list-unsubscribe-post");
    }

    @Test
    void changedBodyFailsVerification() {
        String signed = text(sign(PLAIN, RSA, ED));

        IndependentVerifier.Result r = IndependentVerifier.verify(bytes(signed.replace("spring tea", "spring teas")), DNS);

        assertThat(r.allPass()).isFalse();
        assertThat(r.signatures()).allMatch(s -> s.contains(" fail "));
    }

    @Test
    void changedSubjectFailsVerification() {
        String signed = text(sign(PLAIN, RSA, ED));

        IndependentVerifier.Result r = IndependentVerifier.verify(bytes(signed.replace("Subject: Spring tea", "Subject: Free money")), DNS);

        assertThat(r.signatures()).hasSize(2).allMatch(s -> s.contains(" fail "));
    }

    @Test
    void addedFromHeaderFailsVerificationBecauseFromIsOversigned() {
        String signed = text(sign(PLAIN, RSA, ED));

        String forged = signed.replace("Subject: Spring tea\r\n", "Subject: Spring tea\r\nFrom: ceo@news.example.com\r\n");

        assertThat(IndependentVerifier.verify(bytes(forged), DNS).signatures()).hasSize(2).allMatch(s -> s.contains(" fail "));
    }

    @Test
    void aKeyRecordThatDoesNotMatchFailsVerification() {
        DkimKey other = DkimKeys.generated(DOMAIN, "h1-rsa", DkimAlgorithm.RSA_SHA256, KeyStatus.ACTIVE);

        IndependentVerifier.Result r = IndependentVerifier.verify(sign(PLAIN, RSA), Map.of(other.dnsName(), other.dnsRecord()));

        assertThat(r.signatures()).containsExactly("0 fail a=rsa-sha256 d=news.example.com s=h1-rsa");
    }

    @Test
    void changesThatRelaxedCanonicalizationAllowStillVerify() {
        String signed = text(sign(PLAIN, RSA, ED));

        // what relays may do: add trace headers, refold a header, pad line ends, add empty lines at the end
        String relayed = "Received: from herald by relay.example.net; Tue, 14 Apr 2026 11:00:01 +0000\r\n" + signed
                .replace("Subject: Spring tea", "Subject:   Spring\r\n\ttea ")
                .replace("Hello Ann,\r\n", "Hello  Ann, \t\r\n") + "\r\n\r\n";

        assertThat(IndependentVerifier.verify(bytes(relayed), DNS).signatures()).hasSize(2).allMatch(s -> s.contains(" pass "));
    }

    @Test
    void emptyBodyIsSignedAndVerifies() {
        String noBody = PLAIN.substring(0, PLAIN.indexOf("\r\n\r\n") + 4);

        byte[] signed = sign(noBody, RSA, ED);

        assertThat(tag(text(signed), "bh")).isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="); // SHA-256 of nothing
        assertThat(IndependentVerifier.verify(signed, DNS).signatures()).hasSize(2).allMatch(s -> s.contains(" pass "));
    }

    @Test
    void trailingSpacesLongLinesAndMissingFinalLineEndVerify() {
        String body = "Hello   there   \r\n\t indented\r\n" + "0123456789".repeat(120) + "\r\n\r\n\r\nlast line  ";
        String message = PLAIN.substring(0, PLAIN.indexOf("\r\n\r\n") + 4) + body;

        IndependentVerifier.Result r = IndependentVerifier.verify(sign(message, RSA, ED), DNS);
        assertThat(r.signatures()).as(r.log()).hasSize(2).allMatch(s -> s.contains(" pass "));
    }

    @Test
    void bareLineFeedsAreSentAndSignedAsCrlf() {
        byte[] signed = sign(PLAIN.replace("\r\n", "\n"), RSA, ED);

        assertThat(text(signed)).doesNotContainPattern("[^\r]\n");
        assertThat(IndependentVerifier.verify(signed, DNS).signatures()).hasSize(2).allMatch(s -> s.contains(" pass "));
    }

    @Test
    void mimeMessageWithNonAsciiSubjectAndReplyToVerifies() throws Exception {
        MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()));
        msg.setFrom(new InternetAddress("shop@news.example.com", "Teehaus Müller", "UTF-8"));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.org"));
        msg.setReplyTo(new InternetAddress[] {new InternetAddress("sales@example.com")});
        msg.setSubject("Frühlingstee für Sie – 春茶 ist da, mit einem sehr langen Betreff, der gefaltet werden muss", "UTF-8");
        msg.setSentDate(java.util.Date.from(Instant.parse("2026-04-14T11:00:00Z")));
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("Grüße aus Hangzhou\n", "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<p>Grüße aus <b>Hangzhou</b></p>", "UTF-8", "html");
        msg.setContent(new MimeMultipart("alternative", plain, html));
        msg.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        msg.writeTo(out, new String[] {"Bcc", "Content-Length"});

        byte[] signed = new DkimSigner(List.of(RSA, ED)).sign(out.toByteArray());

        assertThat(text(signed)).contains("Subject: =?UTF-8?");
        assertThat(tag(text(signed), "h")).contains("reply-to:reply-to:subject");
        assertThat(IndependentVerifier.verify(signed, DNS).signatures()).hasSize(2).allMatch(s -> s.contains(" pass "));
    }

    @Test
    void signatureHeadersStayWithinTheLineLimitAndCarryTheClockTime() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_776_164_400L), ZoneOffset.UTC);

        String signed = text(new DkimSigner(List.of(RSA, ED), clock).sign(bytes(PLAIN)));

        String headers = signed.substring(0, signed.indexOf("From:"));
        assertThat(headers.split("\r\n")).allMatch(line -> line.length() <= 78);
        assertThat(tag(signed, "t")).isEqualTo("1776164400");
        assertThat(tag(signed, "c")).isEqualTo("relaxed/relaxed");
        assertThat(tag(signed, "d")).isEqualTo(DOMAIN);
    }

    /** The first DKIM-Signature's tag value, unfolded. */
    static String tag(String message, String name) {
        String header = message.substring(0, message.indexOf("\r\n", message.indexOf("\r\n\tb=") + 4)).replaceAll("\r\n[ \t]+", " ");
        Matcher m = Pattern.compile("[; ]" + name + "=([^;]*)").matcher(header);
        assertThat(m.find()).as("tag %s in %s", name, header).isTrue();
        return m.group(1).replaceAll("\\s+", "");
    }

    @Test
    void signaturesAreTheJdksOwnAlsoWhenTheSigningObjectsAreReused() throws Exception {
        // RSA PKCS#1 v1.5 and Ed25519 are deterministic: the same key and data give the same bytes
        DkimSigner.KeySigning rsaSigning = DkimSigner.KeySigning.of(RSA);
        DkimSigner.KeySigning edSigning = DkimSigner.KeySigning.of(ED);
        for (String data : List.of("first message's signed headers", "second message's signed headers")) {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(RSA.privateKey());
            rsa.update(bytes(data));
            java.security.Signature ed = java.security.Signature.getInstance("Ed25519");
            ed.initSign(ED.privateKey());
            ed.update(DkimSigner.sha256(bytes(data)));

            assertThat(rsaSigning.sign(bytes(data))).isEqualTo(rsa.sign());
            assertThat(edSigning.sign(bytes(data))).isEqualTo(ed.sign());
        }
    }
}
