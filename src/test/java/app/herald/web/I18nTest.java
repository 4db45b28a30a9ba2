package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class I18nTest {
    @Test
    void everyKeyIsInBothBundles() {
        Set<String> en = I18n.strings(Lang.EN).keySet();
        Set<String> zh = I18n.strings(Lang.ZH).keySet();

        assertThat(en).isNotEmpty();
        assertThat(zh).as("keys missing from messages_zh.properties").containsAll(en);
        assertThat(en).as("keys missing from messages_en.properties").containsAll(zh);
    }

    @Test
    void noStringIsBlank() {
        for (Lang lang : Lang.values()) {
            assertThat(I18n.strings(lang)).as(lang.code()).allSatisfy((key, value) -> assertThat(value).as(key).isNotBlank());
        }
    }

    @Test
    void chineseStringsAreReadAsUtf8() {
        assertThat(I18n.translator(Lang.ZH).get("nav.campaigns")).isEqualTo("营销活动");
    }

    @Test
    void everyKeyTheTemplatesUseExists() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern call = Pattern.compile("\\bt\\(\"([a-zA-Z0-9_.]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jte")).toList()) {
                Matcher m = call.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }

        assertThat(used).contains("nav.campaigns", "inbox.title");
        assertThat(I18n.strings(Lang.EN).keySet()).containsAll(used);
    }

    @Test
    void fillsInArgumentsWithoutNumberFormatting() {
        assertThat(I18n.translator(Lang.EN).get("inbox.intro", "2525")).contains("127.0.0.1:2525");
        assertThat(I18n.translator(Lang.ZH).get("inbox.intro", "2525")).contains("127.0.0.1:2525");
    }

    @Test
    void choosesTheFirstSupportedLanguageTheBrowserPrefers() {
        Map<String, Lang> cases = Map.of(
                "zh-CN,zh;q=0.9,en;q=0.8", Lang.ZH,
                "en-US,en;q=0.9,zh;q=0.8", Lang.EN,
                "fr-FR,fr;q=0.9,zh-TW;q=0.5", Lang.ZH,
                "fr-FR", Lang.EN,
                "en;q=0.1,zh;q=0.9", Lang.ZH,
                "zh;q=0,en", Lang.EN,
                "not a ;;; header", Lang.EN,
                "", Lang.EN);
        cases.forEach((header, expected) -> assertThat(I18n.fromAcceptLanguage(header)).as(header).isEqualTo(expected));
        assertThat(I18n.fromAcceptLanguage(null)).isEqualTo(Lang.EN);
    }
}
