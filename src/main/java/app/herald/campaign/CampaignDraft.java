package app.herald.campaign;

import app.herald.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user writes when creating or editing a campaign. The constructor checks everything that
 * does not need the database (required fields, addresses, sizes); {@link Campaigns} checks the
 * lists and compiles the templates.
 */
public record CampaignDraft(String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                            String html, Optional<String> text, List<Long> listIds, boolean requestReadReceipt,
                            CampaignTracking tracking) {

    static final int MAX_HTML_CHARS = 1_000_000;

    /** With the default tracking. */
    public CampaignDraft(String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                         String html, Optional<String> text, List<Long> listIds, boolean requestReadReceipt) {
        this(name, subject, fromName, fromEmail, replyTo, html, text, listIds, requestReadReceipt, CampaignTracking.DEFAULT);
    }

    /** Without read receipts. */
    public CampaignDraft(String name, String subject, String fromName, String fromEmail, Optional<String> replyTo,
                         String html, Optional<String> text, List<Long> listIds) {
        this(name, subject, fromName, fromEmail, replyTo, html, text, listIds, false);
    }

    public CampaignDraft {
        name = required("name", name, 200);
        subject = required("subject", subject, 500);
        fromName = singleLine("from_name", required("from_name", fromName, 200));
        fromEmail = Addresses.requireValid("from_email", required("from_email", fromEmail, 254));
        Objects.requireNonNull(replyTo, "replyTo");
        replyTo = replyTo.filter(r -> !r.isBlank()).map(r -> Addresses.requireValid("reply_to", r));
        html = required("html", html, MAX_HTML_CHARS);
        Objects.requireNonNull(text, "text");
        text = text.filter(t -> !t.isBlank());
        if (text.isPresent() && text.get().length() > MAX_HTML_CHARS) {
            throw new InvalidInputException("text is " + text.get().length() + " characters long; the limit is " + MAX_HTML_CHARS);
        }
        listIds = distinctListIds(listIds);
        Objects.requireNonNull(tracking, "tracking");
    }

    private static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field + " is " + value.length() + " characters long; the limit is " + maxLength);
        }
        return value;
    }

    private static String singleLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new InvalidInputException(field + " must be a single line");
        }
        return value.strip();
    }

    private static List<Long> distinctListIds(List<Long> listIds) {
        if (listIds == null || listIds.isEmpty()) {
            throw new InvalidInputException("list_ids is required: name at least one list to send to");
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (Long id : listIds) {
            if (id == null || id <= 0) {
                throw new InvalidInputException("list_ids contains " + id + "; list ids are positive numbers");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }
}
