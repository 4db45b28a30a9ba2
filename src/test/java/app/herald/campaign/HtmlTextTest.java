package app.herald.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class HtmlTextTest {
    private static String text(String html) {
        return HtmlText.of(Jsoup.parse(html).body());
    }

    @Test
    void separatesParagraphsWithABlankLineAndKeepsLineBreaks() {
        assertThat(text("<h1>Spring offer</h1><p>Dear   Anna,<br>thank you.</p><p>Bye</p>"))
                .isEqualTo("Spring offer\n\nDear Anna,\nthank you.\n\nBye\n");
    }

    @Test
    void writesLinksAsTextAndUrl() {
        assertThat(text("<p>See <a href=\"https://acme.example/p?id=1&amp;x=2#top\">our <b>new</b> pumps</a> now.</p>"))
                .isEqualTo("See our new pumps (https://acme.example/p?id=1&x=2#top) now.\n");
    }

    @Test
    void writesALinkWhoseTextIsItsUrlOnce() {
        assertThat(text("<p><a href=\"https://acme.example\">https://acme.example</a> and <a href=\"mailto:a@acme.example\">a@acme.example</a></p>"))
                .isEqualTo("https://acme.example and a@acme.example\n");
    }

    @Test
    void writesListItemsWithDashes() {
        assertThat(text("<p>We offer:</p><ul><li>pumps</li><li>valves<ul><li>brass</li></ul></li></ul><p>End</p>"))
                .isEqualTo("We offer:\n\n- pumps\n- valves\n  - brass\n\nEnd\n");
    }

    @Test
    void leavesOutStylesScriptsAndImages() {
        assertThat(text("<html><head><style>p{color:red}</style><title>T</title></head><body><script>x()</script>"
                + "<div>Hello</div><img src=\"a.png\" alt=\"logo\"><div>World</div></body></html>"))
                .isEqualTo("Hello\nWorld\n");
    }

    @Test
    void putsTableRowsOnTheirOwnLines() {
        assertThat(text("<table><tr><td>Pump</td><td>100 EUR</td></tr><tr><td>Valve</td><td>20 EUR</td></tr></table>"))
                .isEqualTo("Pump 100 EUR\nValve 20 EUR\n");
    }
}
