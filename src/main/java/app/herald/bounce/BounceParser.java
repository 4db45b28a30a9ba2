package app.herald.bounce;

import app.herald.bounce.RecipientStatus.Action;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a received message as a bounce (RFC 3464 DSN, else a known text layout), a complaint
 * (RFC 5965 ARF) or a read receipt (RFC 8098 MDN), with what it reveals of the original message.
 * Anything else is {@link Report.Unrecognized}; only a message that is not MIME at all throws.
 */
final class BounceParser {
    private static final Session SESSION = Session.getInstance(new Properties());
    /** Headers of the report itself that carry the address it was sent to: a VERP return path when it is a bounce. */
    private static final List<String> RECIPIENT_HEADERS = List.of("Delivered-To", "X-Original-To", "Envelope-To",
            "X-Envelope-To", "To");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;\"']+@[^\\s<>,;\"']+");

    private BounceParser() {
    }

    static Report parse(byte[] raw) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        MimeTree tree = MimeTree.of(message);
        Original original = originalOf(tree).withReturnPaths(recipientHeaders(message));

        byte[] feedback = tree.reports.get("message/feedback-report");
        if (feedback != null) {
            return complaint(ReportFields.merged(feedback), original);
        }
        byte[] disposition = firstOf(tree, "message/disposition-notification", "message/global-disposition-notification");
        if (disposition != null) {
            return receipt(ReportFields.merged(disposition), original);
        }
        byte[] status = firstOf(tree, "message/delivery-status", "message/global-delivery-status");
        if (status != null) {
            List<RecipientStatus> recipients = deliveryStatus(status);
            if (!recipients.isEmpty()) {
                return new Report.Delivery("dsn", recipients, original);
            }
        }
        String subject = Optional.ofNullable(message.getHeader("Subject", null)).orElse("");
        Optional<TextBounces.Found> text = TextBounces.recognise(subject, String.join("\n\n", tree.texts));
        if (text.isPresent()) {
            return new Report.Delivery(text.get().format(), text.get().recipients(), original);
        }
        return new Report.Unrecognized(status != null ? "the delivery-status part names no recipient"
                : "neither a delivery status notification, a feedback report nor a read receipt, and no known bounce text",
                original);
    }

    /** The per-recipient groups of a delivery-status part (the first group is about the message). */
    private static List<RecipientStatus> deliveryStatus(byte[] content) {
        List<RecipientStatus> recipients = new ArrayList<>();
        for (Map<String, String> g : ReportFields.groups(content)) {
            Optional<String> recipient = ReportFields.address(g, "final-recipient").or(() -> ReportFields.address(g, "original-recipient"));
            if (recipient.isEmpty()) {
                continue;
            }
            Optional<String> status = ReportFields.plain(g, "status").flatMap(BounceClassifier::enhancedCode);
            recipients.add(new RecipientStatus(recipient.get(), Action.of(ReportFields.plain(g, "action"), status), status,
                    ReportFields.typed(g, "diagnostic-code"), ReportFields.typed(g, "remote-mta")));
        }
        return recipients;
    }

    private static Report complaint(Map<String, String> fields, Original original) {
        List<String> mailFrom = ReportFields.address(fields, "original-mail-from").map(List::of).orElse(List.of());
        return new Report.Complaint(ReportFields.plain(fields, "feedback-type").orElse("unknown"),
                ReportFields.address(fields, "original-rcpt-to"), ReportFields.plain(fields, "user-agent"),
                original.withReturnPaths(mailFrom));
    }

    private static Report receipt(Map<String, String> fields, Original original) {
        Optional<String> messageId = ReportFields.plain(fields, "original-message-id")
                .map(v -> v.replaceAll("\\s+", ""));
        return new Report.Receipt(ReportFields.plain(fields, "disposition").orElse(""),
                ReportFields.address(fields, "final-recipient").or(() -> ReportFields.address(fields, "original-recipient")),
                new Original(original.returnPaths(), original.heraldMessage(), messageId.or(original::messageId)));
    }

    /** References from the returned original's headers first, then from header lines quoted in the text. */
    private static Original originalOf(MimeTree tree) {
        Original found = Original.NONE;
        for (String headers : tree.originalHeaders) {
            found = found.or(Original.inText(headers));
        }
        for (String text : tree.texts) {
            found = found.or(Original.inText(text));
        }
        return found;
    }

    private static List<String> recipientHeaders(MimeMessage message) throws MessagingException {
        List<String> addresses = new ArrayList<>();
        for (String name : RECIPIENT_HEADERS) {
            String[] values = message.getHeader(name);
            for (String v : values == null ? new String[0] : values) {
                Matcher m = ADDRESS.matcher(v);
                while (m.find()) {
                    addresses.add(m.group());
                }
            }
        }
        return addresses;
    }

    private static byte[] firstOf(MimeTree tree, String... types) {
        for (String t : types) {
            if (tree.reports.containsKey(t)) {
                return tree.reports.get(t);
            }
        }
        return null;
    }
}
