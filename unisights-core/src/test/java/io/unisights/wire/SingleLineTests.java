package io.unisights.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleLineTests {

	@Test
	void escapesLineBreaksAnsiEscapesAndSeparatorsSoTheValueStaysOnOneLine() {
		String forged = "evt_1\r\n1999-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED \u001b[31mred\u001b[0m\u2028\u0085";

		String escaped = SingleLine.escape(forged);

		assertThat(escaped).isEqualTo(
				"evt_1\\r\\n1999-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED \\u001b[31mred\\u001b[0m\\u2028\\u0085");
		assertThat(SingleLine.firstBreak(escaped)).isEqualTo(-1);
	}

	@Test
	void escapesABackslashSoThatAnEscapedValueCannotPassForAnEscape() {
		assertThat(SingleLine.escape("a\\nb")).isEqualTo("a\\\\nb");
	}

	@Test
	void leavesCleanTextAndOtherLanguagesAsTheyAre() {
		assertThat(SingleLine.escape("cus_123 Zoë 東京 😀")).isEqualTo("cus_123 Zoë 東京 😀");
		assertThat(SingleLine.escape(null)).isEqualTo("null");
	}

	@Test
	void findsTheFirstBreakingCharacter() {
		assertThat(SingleLine.firstBreak("ok")).isEqualTo(-1);
		assertThat(SingleLine.firstBreak("a\tb")).isEqualTo(1);
		assertThat(SingleLine.firstBreak("ab\u007f")).isEqualTo(2);
		assertThat(SingleLine.name('\r')).isEqualTo("U+000D");
	}

}
