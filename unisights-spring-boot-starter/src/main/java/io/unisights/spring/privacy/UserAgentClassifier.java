package io.unisights.spring.privacy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import nl.basjes.parse.useragent.UserAgent;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Agent;
import io.unisights.spring.Agent.DeviceClass;
import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;

/**
 * Parses a user agent into an {@link Agent} and tells whether it is a person's, with
 * Yauaa (its rules are kept up to date with each release) and, for what Yauaa does not
 * tell apart, the names that monitors, HTTP libraries and headless browsers put in their
 * user agents. Results are cached by the whole header value in a bounded cache: browsers
 * send few distinct values, so nearly every request is a lookup.
 * <p>
 * Email opens and clicks and beacons use the same classification: one mechanism, one
 * set of rules (see {@link io.unisights.spring.Automation}).
 */
public final class UserAgentClassifier {

	/** Longer values are classified without being cached: no single client fills the cache with megabytes. */
	private static final int MAX_CACHED_LENGTH = 512;

	/** Headless browsers say so: Puppeteer's and Playwright's Chromium send HeadlessChrome. */
	private static final List<String> HEADLESS = List.of("headlesschrome", "phantomjs", "slimerjs");

	/** Uptime and performance monitors, health checks and probes, which Yauaa calls robots like any other. */
	private static final List<String> MONITORS = List.of("uptimerobot", "pingdom", "better uptime", "uptime-kuma",
			"datadog/synthetics", "stackdrivermonitoring", "route53-health-check", "elb-healthchecker", "kube-probe",
			"chrome-lighthouse", "statuscake", "site24x7", "newrelicpinger", "freshping", "checkly", "gtmetrix",
			"uptime.com", "hetrixtools", "nodeping", "updown.io", "monitis", "catchpoint");

	/**
	 * How HTTP libraries and command-line clients start their default user agent; only at
	 * the start, since crawlers name the library they are built on further in
	 * ({@code LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient …)}).
	 */
	private static final List<String> HTTP_LIBRARIES = List.of("curl/", "wget/", "python-requests/", "python-urllib/",
			"python-httpx/", "python/", "aiohttp/", "go-http-client/", "okhttp/", "java/", "java-http-client/",
			"apache-httpclient/", "jakarta commons-httpclient/", "axios/", "node-fetch/", "undici", "got (",
			"postmanruntime/", "insomnia/", "libwww-perl/", "lwp::simple/", "scrapy/", "guzzlehttp/", "ruby",
			"faraday v", "httpie/", "reqwest/", "dart:io", "dart/", "php/", "winhttp", "powershell/",
			"microsoft-cryptoapi/", "restsharp/", "http.rb/", "rest-client/", "feign", "reactor-netty/", "vert.x-");

	/** Whole user agents of libraries that send a bare name. */
	private static final Set<String> HTTP_LIBRARY_NAMES = Set.of("node", "bun", "deno", "python", "java", "go");

	private static final Set<String> ROBOT_DEVICE_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Spy",
			"Hacker");

	/** Not "Special": Yauaa files mail clients and apps there too, whose opens are people's. */
	private static final Set<String> ROBOT_AGENT_CLASSES = Set.of("Robot", "Robot Mobile", "Cloud Application",
			"Hacker");

	private static final Set<String> LINUX_DISTRIBUTIONS = Set.of("Ubuntu", "Debian", "Fedora", "Linux Mint",
			"Arch Linux", "Manjaro", "openSUSE", "CentOS", "Red Hat", "Gentoo", "Kubuntu", "Xubuntu", "Elementary OS");

	private static final Classification NO_USER_AGENT = new Classification(null,
			Automation.because(Reason.NO_USER_AGENT));

	private final @Nullable Cache<String, Classification> cache;

	private UserAgentClassifier(int cacheSize) {
		this.cache = (cacheSize > 0) ? Caffeine.newBuilder().maximumSize(cacheSize).build() : null;
		YauaaAnalyzer.preload();
	}

	/**
	 * Creates a classifier. The rules are loaded once per JVM, in the background from the
	 * first classifier on.
	 * @param cacheSize most distinct user agents whose classification is kept, {@code 0}
	 * for none
	 * @return the classifier
	 */
	public static UserAgentClassifier create(int cacheSize) {
		if (cacheSize < 0) {
			throw new IllegalArgumentException("cacheSize must be 0 or more but was " + cacheSize);
		}
		return new UserAgentClassifier(cacheSize);
	}

	/**
	 * Classifies a user agent.
	 * @param userAgent the {@code User-Agent} header, if sent
	 * @return the agent (absent without a header) and whether it is a person's
	 */
	public Classification classify(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return NO_USER_AGENT;
		}
		if (this.cache == null || userAgent.length() > MAX_CACHED_LENGTH) {
			return parse(userAgent);
		}
		return this.cache.get(userAgent, UserAgentClassifier::parse);
	}

	private static Classification parse(String userAgent) {
		UserAgent parsed = YauaaAnalyzer.get().parse(userAgent);
		Agent agent = agent(parsed);
		return new Classification(agent, automation(userAgent.strip().toLowerCase(Locale.ROOT), parsed));
	}

	private static Automation automation(String lower, UserAgent parsed) {
		if (containsAny(lower, HEADLESS)) {
			return Automation.because(Reason.HEADLESS_BROWSER);
		}
		if (containsAny(lower, MONITORS)) {
			return Automation.because(Reason.MONITOR);
		}
		if (HTTP_LIBRARY_NAMES.contains(lower) || startsWithAny(lower, HTTP_LIBRARIES)) {
			return Automation.because(Reason.HTTP_LIBRARY);
		}
		if (ROBOT_DEVICE_CLASSES.contains(parsed.getValue(UserAgent.DEVICE_CLASS))
				|| ROBOT_AGENT_CLASSES.contains(parsed.getValue(UserAgent.AGENT_CLASS))) {
			return Automation.because(Reason.CRAWLER);
		}
		return Automation.NONE;
	}

	private static Agent agent(UserAgent parsed) {
		String browser = known(parsed.getValue(UserAgent.AGENT_NAME));
		if ("SamsungBrowser".equals(browser)) {
			browser = "Samsung Internet";
		}
		return new Agent(browser, known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR)),
				os(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)), deviceClass(parsed.getValue(UserAgent.DEVICE_CLASS)));
	}

	private static @Nullable String os(@Nullable String name) {
		String known = known(name);
		if (known == null) {
			return null;
		}
		return switch (known) {
			case "Windows NT", "Windows" -> "Windows";
			case "Mac OS", "Mac OS X", "macOS" -> "macOS";
			case "Chrome OS" -> "ChromeOS";
			case "iOS", "iPadOS" -> "iOS";
			// Yauaa names a robot's home, not an operating system.
			case "Cloud", "Google Cloud", "Microsoft Cloud", "Amazon Cloud" -> null;
			default -> LINUX_DISTRIBUTIONS.contains(known) ? "Linux" : known;
		};
	}

	private static DeviceClass deviceClass(@Nullable String name) {
		if (name == null) {
			return DeviceClass.OTHER;
		}
		return switch (name) {
			case "Desktop" -> DeviceClass.DESKTOP;
			case "Phone", "Mobile" -> DeviceClass.PHONE;
			case "Tablet" -> DeviceClass.TABLET;
			case "TV", "Set-top box" -> DeviceClass.TV;
			case "Game Console", "Handheld Game Console" -> DeviceClass.CONSOLE;
			case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> DeviceClass.ROBOT;
			default -> DeviceClass.OTHER;
		};
	}

	/** Yauaa's words for "not known". */
	private static @Nullable String known(@Nullable String value) {
		if (value == null || value.isEmpty() || value.equals("??") || value.equals("Unknown")
				|| value.startsWith("Hacker") || value.equals(UserAgent.UNKNOWN_VALUE)) {
			return null;
		}
		return value;
	}

	private static boolean containsAny(String text, List<String> needles) {
		for (String needle : needles) {
			if (text.contains(needle)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWithAny(String text, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (text.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a user agent says.
	 *
	 * @param agent the parsed agent, {@code null} without a user agent
	 * @param automation whether it is machine-made, and why
	 */
	public record Classification(@Nullable Agent agent, Automation automation) {

	}

}
