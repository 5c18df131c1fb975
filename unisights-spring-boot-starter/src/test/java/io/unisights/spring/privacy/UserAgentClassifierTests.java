package io.unisights.spring.privacy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.unisights.spring.Agent;
import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every user agent of the corpus (real strings from public lists) gets its verdict, and
 * every person's its browser, operating system and device class.
 */
class UserAgentClassifierTests {

	private static final UserAgentClassifier classifier = UserAgentClassifier.create(1000);

	static List<UserAgentCorpus.Entry> corpus() {
		return UserAgentCorpus.entries();
	}

	@Test
	void corpusHoldsSixtyRealUserAgentsOfEveryKind() {
		List<UserAgentCorpus.Entry> entries = corpus();
		Map<String, Long> byVerdict = entries.stream()
			.collect(Collectors.groupingBy((entry) -> (entry.reason() != null) ? entry.reason().wireName() : "person",
					TreeMap::new, Collectors.counting()));

		assertThat(entries).hasSizeGreaterThanOrEqualTo(60);
		assertThat(byVerdict).containsOnlyKeys("person", "crawler", "monitor", "http-library", "headless-browser");
		assertThat(byVerdict.values()).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(4));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void classifiesEveryUserAgentOfTheCorpus(UserAgentCorpus.Entry entry) {
		UserAgentClassifier.Classification classification = classifier.classify(entry.userAgent());

		assertThat(classification.automation())
			.isEqualTo((entry.reason() != null) ? Automation.because(entry.reason()) : Automation.NONE);
		if (entry.reason() == null) {
			Agent agent = classification.agent();
			assertThat(agent).isNotNull();
			assertThat(agent.browser()).isEqualTo(entry.browser());
			assertThat(agent.os()).isEqualTo(entry.os());
			assertThat(agent.deviceClass().wireName()).isEqualTo(entry.deviceClass());
			assertThat(agent.browserVersion()).isNotNull();
		}
	}

	@Test
	void flagsAMissingOrBlankUserAgent() {
		assertThat(classifier.classify(null).automation()).isEqualTo(Automation.because(Reason.NO_USER_AGENT));
		assertThat(classifier.classify("  ").automation()).isEqualTo(Automation.because(Reason.NO_USER_AGENT));
		assertThat(classifier.classify(null).agent()).isNull();
	}

	@Test
	void answersARepeatedUserAgentFromTheCache() {
		String chrome = corpus().get(0).userAgent();

		assertThat(classifier.classify(chrome)).isSameAs(classifier.classify(new String(chrome.toCharArray())));
	}

	@Test
	void classifiesWithoutACacheToo() {
		UserAgentClassifier uncached = UserAgentClassifier.create(0);
		String chrome = corpus().get(0).userAgent();

		assertThat(uncached.classify(chrome)).isEqualTo(classifier.classify(chrome));
		assertThat(uncached.classify(chrome)).isNotSameAs(uncached.classify(chrome));
	}

	@Test
	void reducesAnAgentToBrowserMajorVersionOsAndDeviceClass() {
		Agent agent = classifier.classify(corpus().get(0).userAgent()).agent();

		assertThat(agent).isNotNull();
		assertThat(agent.reduced()).isEqualTo("Chrome/131 (Windows; desktop)");
	}

}
