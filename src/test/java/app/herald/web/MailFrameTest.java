package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailFrameTest {
    @Test
    void putsABlankTargetBaseFirstInTheHead() {
        String doc = MailFrame.document("<html><head><base target=\"_top\"><title>x</title></head><body><a href=\"https://a.example\">a</a></body></html>");

        assertThat(doc).containsSubsequence("<head>", "<base target=\"_blank\">", "<base target=\"_top\">", "</head>");
    }

    @Test
    void keepsTheDoctypeSoTheMailIsNotRenderedInQuirksMode() {
        assertThat(MailFrame.document("<!DOCTYPE html><html><body><p>hi</p></body></html>")).startsWith("<!doctype html>");
    }

    @Test
    void addsAHeadToAFragment() {
        assertThat(MailFrame.document("<p>only a fragment</p>")).containsSubsequence("<head>", "<base target=\"_blank\">", "<p>only a fragment</p>");
    }

    @Test
    void escapesEveryCharacterThatCouldEndTheAttribute() {
        String attr = MailFrame.srcdocAttribute("<p title='a \"b\"'>Tom &amp; Jerry</p>");

        // '>' cannot end a quoted attribute, so it may stay.
        assertThat(attr).doesNotContain("\"", "'", "<");
        assertThat(attr).contains("&amp;amp;");
    }
}
