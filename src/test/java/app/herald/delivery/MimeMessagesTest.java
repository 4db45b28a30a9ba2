package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.Campaign;
import app.herald.campaign.CampaignStatus;
import app.herald.campaign.Recipient;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Messages are parsed back with Jakarta Mail, as a receiver would, and must carry exactly what was rendered. */
class MimeMessagesTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String UNSUBSCRIBE = "https://t.example.com/t/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private final MimeMessages messages = new MimeMessages();

    private static Campaign campaign(String fromName, Optional<String> replyTo) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Campaign(7, "c", "s", fromName, "news@Acme.example", replyTo, "<p>x</p>", Optional.empty(), List.of(1L),
                CampaignStatus.SENDING, now, now, Optional.of(now), Optional.empty(), false);
    }

    private MimeMessage roundTrip(Campaign c, String subject, String text, String html) throws Exception {
        Outgoing m = new Outgoing(42, c.id(), false, UUID.fromString("5b0c7f4e-8a8e-4a43-9f55-0c1e1f3b9d10"),
                Optional.of("active"), false, Recipient.onlyEmail("anna@example.com"), Instant.now(), 1, Optional.empty());
        PreparedMessage prepared = messages.build(c, new RenderedMessage(subject, html, text, UNSUBSCRIBE), m,
                new InternetAddress("anna@example.com", true), "news@Acme.example");
        byte[] bytes = prepared.bytes();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n", -1)) {
            assertThat(line.length()).as("line length of: %s", line).isLessThanOrEqualTo(998);
            assertThat(line).doesNotContain("\n").doesNotContain("\r");
        }
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    private static String part(MimeMessage m, int i) throws Exception {
        return ((String) ((MimeMultipart) m.getContent()).getBodyPart(i).getContent()).replace("\r\n", "\n");
    }

    private static String encoding(MimeMessage m, int i) throws Exception {
        return ((MimeMultipart) m.getContent()).getBodyPart(i).getHeader("Content-Transfer-Encoding")[0];
    }

    @Test
    void carriesHeadersAndBothPartsOfAnAsciiMessageAs7bit() throws Exception {
        MimeMessage m = roundTrip(campaign("Acme News", Optional.of("help@acme.example")), "Hello Anna",
                "Hello Anna\n\n- pumps (https://acme.example/p)\n", "<html><body><p>Hello Anna</p></body></html>");

        assertThat(m.getSubject()).isEqualTo("Hello Anna");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Acme News");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("news@Acme.example");
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("help@acme.example");
        assertThat(((InternetAddress) m.getAllRecipients()[0]).getAddress()).isEqualTo("anna@example.com");
        assertThat(m.getMessageID()).isEqualTo("<5b0c7f4e-8a8e-4a43-9f55-0c1e1f3b9d10@acme.example>");
        assertThat(m.getHeader("X-Herald-Message", null)).isEqualTo("5b0c7f4e-8a8e-4a43-9f55-0c1e1f3b9d10");
        assertThat(m.getHeader("List-Unsubscribe", null).replaceAll("\\s+", " "))
                .isEqualTo("<" + UNSUBSCRIBE + ">, <mailto:unsubscribe+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@acme.example>");
        assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getSentDate()).isCloseTo(new java.util.Date(), 5_000);
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        assertThat(part(m, 0)).isEqualTo("Hello Anna\n\n- pumps (https://acme.example/p)\n");
        assertThat(part(m, 1)).isEqualTo("<html><body><p>Hello Anna</p></body></html>");
        assertThat(encoding(m, 0)).isEqualTo("7bit");
        assertThat(((MimeMultipart) m.getContent()).getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
    }

    @Test
    void encodesMostlyAsciiTextAsQuotedPrintableWithoutLosingAByte() throws Exception {
        String text = "Grüße aus Köln — 100% = sicher 🚀.  \nTrailing tab\t\n" + "x".repeat(200) + "ä\n.dot line\n=3D literal\n \n";
        String html = "<p>" + "Straße & Söhne, ".repeat(120) + "</p>";

        MimeMessage m = roundTrip(campaign("Acme", Optional.empty()), "Hi", text, html);

        assertThat(encoding(m, 0)).isEqualTo("quoted-printable");
        assertThat(part(m, 0)).isEqualTo(text);
        assertThat(part(m, 1)).isEqualTo(html);
    }

    @Test
    void encodesMostlyNonAsciiTextAsBase64() throws Exception {
        String text = "你好，安娜。这是本周的精选。\n".repeat(20);

        MimeMessage m = roundTrip(campaign("Acme", Optional.empty()), "Hi", text, "<p>" + text + "</p>");

        assertThat(encoding(m, 0)).isEqualTo("base64");
        assertThat(part(m, 0)).isEqualTo(text);
        assertThat(part(m, 1)).isEqualTo("<p>" + text + "</p>");
    }

    @Test
    void sendsLongAsciiLinesQuotedPrintableRatherThanBreakingThem() throws Exception {
        String html = "<p>" + "a".repeat(2000) + "</p>";

        MimeMessage m = roundTrip(campaign("Acme", Optional.empty()), "Hi", "t", html);

        assertThat(encoding(m, 1)).isEqualTo("quoted-printable");
        assertThat(part(m, 1)).isEqualTo(html);
    }

    @Test
    void encodesNonAsciiSubjectsAndSenderNamesAsEncodedWords() throws Exception {
        String subject = "Anna, Ihre Auswahl für Köln und Düsseldorf — diese Woche mit 20 % Rabatt auf alle Pumpen 🚀 und mehr";

        MimeMessage m = roundTrip(campaign("Müller & Söhne \"Pumpen\"", Optional.empty()), subject, "t", "<p>h</p>");

        assertThat(m.getSubject()).isEqualTo(subject);
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Müller & Söhne \"Pumpen\"");
    }

    @Test
    void foldsALongAsciiSubject() throws Exception {
        String subject = "Anna, this week's picks for you: pumps, valves, pipes, fittings, seals and everything else we sell";

        MimeMessage m = roundTrip(campaign("Acme", Optional.empty()), subject, "t", "<p>h</p>");

        assertThat(m.getSubject()).isEqualTo(subject);
    }
}
