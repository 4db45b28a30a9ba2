package app.herald.bounce;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;

/**
 * The parts of a received report that matter, found by walking its MIME tree: the machine-readable
 * report parts (message/delivery-status and friends), the header blocks of the returned original
 * (message/rfc822 or text/rfc822-headers), and the human-readable text. The original's own body
 * is never read as text: it is Herald's campaign, which may say anything.
 */
final class MimeTree {
    static final Set<String> REPORT_TYPES = Set.of("message/delivery-status", "message/global-delivery-status",
            "message/feedback-report", "message/disposition-notification", "message/global-disposition-notification");
    private static final Set<String> ORIGINAL_TYPES = Set.of("message/rfc822", "message/global", "text/rfc822-headers",
            "message/global-headers", "message/partial");
    private static final int MAX_DEPTH = 6;
    private static final int MAX_PARTS = 200;
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    final Map<String, byte[]> reports = new LinkedHashMap<>();
    final List<String> originalHeaders = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    Optional<String> reportType = Optional.empty();
    private int parts;

    private MimeTree() {
    }

    static MimeTree of(MimePart message) throws MessagingException, IOException {
        MimeTree tree = new MimeTree();
        tree.walk(message, 0);
        return tree;
    }

    private void walk(MimePart part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || ++parts > MAX_PARTS) {
            return;
        }
        ContentType type = contentType(part);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        if (base.startsWith("multipart/")) {
            if (base.equals("multipart/report") && reportType.isEmpty()) {
                reportType = Optional.ofNullable(type.getParameter("report-type")).map(t -> t.toLowerCase(Locale.ROOT));
            }
            // parsed from the part's bytes, so no content handler (and no mailcap entry) is involved
            Multipart multipart = new MimeMultipart(new MimePartDataSource(part));
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child instanceof MimePart m) {
                    walk(m, depth + 1);
                }
            }
        } else if (REPORT_TYPES.contains(base)) {
            reports.putIfAbsent(base, read(part, Integer.MAX_VALUE));
        } else if (ORIGINAL_TYPES.contains(base)) {
            originalHeaders.add(headerBlock(read(part, MAX_HEADER_BYTES)));
        } else if (base.equals("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            texts.add(decode(read(part, Integer.MAX_VALUE), type));
        } else if (base.equals("text/html") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            texts.add(htmlText(decode(read(part, Integer.MAX_VALUE), type)));
        }
    }

    /** The first text part, which a bounce uses for its explanation; empty when there is none. */
    String mainText() {
        return texts.isEmpty() ? "" : texts.get(0);
    }

    private static ContentType contentType(MimePart part) throws MessagingException {
        String raw = part.getContentType();
        try {
            return new ContentType(raw == null ? "text/plain" : raw);
        } catch (ParseException e) {
            return new ContentType("text", "plain", null);
        }
    }

    private static byte[] read(MimePart part, int max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(max);
        }
    }

    /** The header block of a returned message: everything up to the first empty line. */
    private static String headerBlock(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static String decode(byte[] bytes, ContentType type) {
        Charset charset = StandardCharsets.UTF_8;
        String name = type.getParameter("charset");
        if (name != null) {
            try {
                charset = Charset.forName(name.strip());
            } catch (IllegalArgumentException e) {
                // an unknown or misspelt charset: UTF-8 reads the ASCII that matters (codes, addresses)
            }
        }
        return new String(bytes, charset).replace("\r\n", "\n");
    }

    /** Text of an HTML-only notification (some Exchange servers), with line breaks where the layout had them. */
    private static String htmlText(String html) {
        String marked = html.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</h\\d>", "$0\n");
        return Jsoup.parse(marked).wholeText().replace('\u00a0', ' ');
    }
}
