package app.herald.tracking;

import java.util.Locale;

/**
 * The small pages a recipient sees when unsubscribing, in English or Simplified Chinese. They hold
 * no personal data (the address is not shown: the mail may have been forwarded) and no scripts.
 */
final class UnsubscribePage {
    enum Language { EN, ZH }

    private record Text(String lang, String title, String question, String button, String done) {
    }

    private static final Text EN = new Text("en", "Unsubscribe",
            "Do you want to stop receiving these e-mails? Press the button to unsubscribe.",
            "Unsubscribe",
            "You have been unsubscribed and will not receive these e-mails any more.");
    private static final Text ZH = new Text("zh-Hans", "退订",
            "您是否不想再收到此类邮件？请点击下面的按钮退订。",
            "退订",
            "您已成功退订，今后不会再收到此类邮件。");

    private UnsubscribePage() {
    }

    /** The confirmation form; it posts back to the same URL. */
    static String confirm(Language language) {
        Text t = text(language);
        return page(t, "<p>" + t.question() + "</p>\n<form method=\"post\"><button type=\"submit\">" + t.button() + "</button></form>");
    }

    static String done(Language language) {
        Text t = text(language);
        return page(t, "<p>" + t.done() + "</p>");
    }

    /**
     * Chinese when the client prefers any zh variant over English, else English. Quality values are
     * honoured; unknown languages are ignored.
     */
    static Language choose(String acceptLanguage) {
        if (acceptLanguage == null) {
            return Language.EN;
        }
        double en = -1;
        double zh = -1;
        for (String part : acceptLanguage.split(",")) {
            String[] fields = part.trim().split(";");
            String tag = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(fields);
            if (tag.equals("zh") || tag.startsWith("zh-")) {
                zh = Math.max(zh, q);
            } else if (tag.equals("en") || tag.startsWith("en-") || tag.equals("*")) {
                en = Math.max(en, q);
            }
        }
        return zh > 0 && zh > en ? Language.ZH : Language.EN;
    }

    private static double quality(String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.startsWith("q=")) {
                try {
                    return Double.parseDouble(f.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static Text text(Language language) {
        return switch (language) {
            case EN -> EN;
            case ZH -> ZH;
        };
    }

    private static String page(Text t, String body) {
        return "<!doctype html>\n<html lang=\"" + t.lang() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + t.title() + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}"
                + "button{font-size:1rem;padding:.5rem 1.5rem}</style></head>\n<body><h1>" + t.title() + "</h1>\n"
                + body + "\n</body></html>\n";
    }
}
