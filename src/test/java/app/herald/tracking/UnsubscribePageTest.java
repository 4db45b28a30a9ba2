package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.tracking.UnsubscribePage.Language;
import org.junit.jupiter.api.Test;

class UnsubscribePageTest {
    @Test
    void choosesChineseForAnyPreferredZhVariant() {
        assertThat(UnsubscribePage.choose("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(Language.ZH);
        assertThat(UnsubscribePage.choose("zh-TW")).isEqualTo(Language.ZH);
        assertThat(UnsubscribePage.choose("fr-FR, zh-Hans;q=0.7")).isEqualTo(Language.ZH);
    }

    @Test
    void choosesEnglishWhenEnglishIsPreferredOrNothingFits() {
        assertThat(UnsubscribePage.choose("en-US,zh;q=0.5")).isEqualTo(Language.EN);
        assertThat(UnsubscribePage.choose("fr")).isEqualTo(Language.EN);
        assertThat(UnsubscribePage.choose(null)).isEqualTo(Language.EN);
        assertThat(UnsubscribePage.choose("zh;q=0")).isEqualTo(Language.EN);
        assertThat(UnsubscribePage.choose("zh;q=oops")).isEqualTo(Language.EN);
    }

    @Test
    void confirmationPagePostsBackAndHasNoScript() {
        assertThat(UnsubscribePage.confirm(Language.EN)).contains("<form method=\"post\">").doesNotContain("<script");
    }
}
