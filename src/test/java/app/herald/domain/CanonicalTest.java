package app.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalTest {
    private static String header(String field) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        return new String(Canonical.header(b, 0, b.length), StandardCharsets.UTF_8);
    }

    private static String body(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new String(Canonical.body(b, 0, b.length), StandardCharsets.UTF_8);
    }

    @Test
    void relaxedHeadersAreTheExampleOfRfc6376() {
        // RFC 6376 section 3.4.5
        assertThat(header("A: X")).isEqualTo("a:X");
        assertThat(header("B : Y\t\r\n\tZ  ")).isEqualTo("b:Y Z");
    }

    @Test
    void relaxedBodyIsTheExampleOfRfc6376() {
        assertThat(body(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void foldedHeaderIsUnfoldedAndItsWhitespaceReduced() {
        assertThat(header("Subject:   Hello \r\n   there\t\tworld  \r\n\t")).isEqualTo("subject:Hello there world");
        assertThat(header("List-Unsubscribe: <https://t.example.com/u/x>,\r\n <mailto:u@example.com>"))
                .isEqualTo("list-unsubscribe:<https://t.example.com/u/x>, <mailto:u@example.com>");
    }

    @Test
    void headerValueKeepsItsCaseAndUtf8Bytes() {
        assertThat(header("To: Zoë Müller <ZOE@Example.com>")).isEqualTo("to:Zoë Müller <ZOE@Example.com>");
    }

    @Test
    void emptyBodyStaysEmptyAndOnlyEmptyLinesAreEmpty() {
        assertThat(body("")).isEmpty();
        assertThat(body("\r\n")).isEmpty();
        assertThat(body("\r\n \t\r\n\r\n")).isEmpty();
    }

    @Test
    void lastLineWithoutLineEndGetsOne() {
        assertThat(body("Hi")).isEqualTo("Hi\r\n");
        assertThat(body("a\r\n\r\nb  ")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void emptyLinesInsideTheBodyStay() {
        assertThat(body("a\r\n\r\n\r\nb\r\n\r\n")).isEqualTo("a\r\n\r\n\r\nb\r\n");
    }

    @Test
    void longLinesAreKeptWhole() {
        String line = "x".repeat(5000) + "  y ";
        assertThat(body(line + "\r\n")).isEqualTo("x".repeat(5000) + " y\r\n");
    }

    @Test
    void bareLineFeedsBecomeCrlfAsTheSmtpTransportSendsThem() {
        byte[] raw = "A: 1\nB: 2\r\rbody\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(MessageBytes.crlf(raw), StandardCharsets.US_ASCII)).isEqualTo("A: 1\r\nB: 2\r\n\r\nbody\r\n");
        byte[] unterminated = "A: 1\r\n\r\nlast  ".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(MessageBytes.crlf(unterminated), StandardCharsets.US_ASCII)).isEqualTo("A: 1\r\n\r\nlast  \r\n");
        byte[] clean = "A: 1\r\n\r\nb\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageBytes.crlf(clean)).isSameAs(clean);
    }

    @Test
    void messageSplitsIntoFieldsAndBody() {
        byte[] raw = "From: a@example.com\r\nSubject: one\r\n two\r\nsubject: again\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageBytes m = MessageBytes.parse(raw);
        assertThat(m.fields).extracting(MessageBytes.Field::name).containsExactly("from", "subject", "subject");
        MessageBytes.Field folded = m.fields("subject").getFirst();
        assertThat(new String(raw, folded.start(), folded.end() - folded.start(), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: one\r\n two");
        assertThat(new String(raw, m.bodyStart, raw.length - m.bodyStart, StandardCharsets.US_ASCII)).isEqualTo("body\r\n");
    }

    @Test
    void messageWithoutBodyHasAnEmptyOne() {
        byte[] raw = "From: a@example.com\r\nSubject: x\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageBytes m = MessageBytes.parse(raw);
        assertThat(m.bodyStart).isEqualTo(raw.length);
        assertThat(m.fields).hasSize(2);
    }
}
