package app.herald.web;

import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Prepares a captured message's HTML for a sandboxed {@code srcdoc} frame. The frame runs no
 * script and gets an opaque origin; images load, so the real open pixel is requested, and links
 * open in a new tab because the sandbox allows popups, so clicks go through the real click URL.
 */
final class MailFrame {
    private MailFrame() {
    }

    /** The document for the frame: the mail's HTML with {@code <base target="_blank">} first in its head. */
    static String document(String html) {
        Document doc = Jsoup.parse(html);
        // First in <head>, so it wins over any <base> the mail brings; _top or _self would be blocked by the sandbox.
        doc.head().prependElement("base").attr("target", "_blank");
        return doc.outerHtml();
    }

    /**
     * {@link #document} escaped for a double-quoted {@code srcdoc} attribute. jte refuses to write
     * user content into srcdoc at all (HTML there is live), so the template writes this with
     * {@code $unsafe}: rendering untrusted HTML is the point, and the sandbox is what contains it.
     */
    static String srcdocAttribute(String html) {
        StringOutput out = new StringOutput();
        Escape.htmlAttribute(document(html), out);
        return out.toString();
    }
}
