package io.unisights.spring.privacy;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.jspecify.annotations.Nullable;

/**
 * The one Yauaa analyzer of the JVM. Building it loads thousands of matching rules
 * (seconds of CPU and tens of megabytes), so it is built once, however many application
 * contexts the JVM runs, and started in the background as soon as a classifier exists,
 * so that the first request rarely waits for it. It is immutable and thread-safe.
 * Its own cache is off: {@link UserAgentClassifier} caches whole classifications.
 */
final class YauaaAnalyzer {

	/** Only the fields the classification reads: Yauaa then skips the rules of the others. */
	static final String[] FIELDS = { UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME,
			UserAgent.AGENT_VERSION_MAJOR, UserAgent.OPERATING_SYSTEM_NAME };

	private static volatile @Nullable UserAgentAnalyzer analyzer;

	private YauaaAnalyzer() {
	}

	/** Starts building the analyzer on a daemon thread, unless it is built or being built. */
	static void preload() {
		if (analyzer == null) {
			Thread thread = new Thread(YauaaAnalyzer::get, "unisights-user-agent-rules");
			thread.setDaemon(true);
			thread.start();
		}
	}

	static UserAgentAnalyzer get() {
		UserAgentAnalyzer built = analyzer;
		if (built != null) {
			return built;
		}
		synchronized (YauaaAnalyzer.class) {
			built = analyzer;
			if (built == null) {
				built = UserAgentAnalyzer.newBuilder()
					.hideMatcherLoadStats()
					.withoutCache()
					.dropTests()
					.withFields(FIELDS)
					.immediateInitialization()
					.build();
				analyzer = built;
			}
			return built;
		}
	}

}
