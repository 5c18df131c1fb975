package io.unisights.spring.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the collector keeps of the client behind each beacon, open and click.
 *
 * @param gpc What a request with {@code Sec-GPC: 1} (Global Privacy Control) gets:
 * {@code ignore} delivers it as any other, {@code anonymize} delivers it with the address
 * truncated and the user agent reduced, {@code drop} answers as if accepted and delivers
 * nothing
 * @param dnt What a request with {@code DNT: 1} (Do Not Track) gets: {@code ignore},
 * {@code anonymize} or {@code drop}, as for {@code gpc}
 * @param ip What is kept of the client address: {@code keep} as the container reports
 * it, {@code truncate} to the network ({@code ipv4-prefix-length},
 * {@code ipv6-prefix-length}), {@code hash} to an HMAC under the day's visitor salt
 * (equal within a day, unlinkable after), {@code drop} nothing
 * @param ipv4PrefixLength Bits of an IPv4 address that {@code truncate} keeps (0 to 32)
 * @param ipv6PrefixLength Bits of an IPv6 address that {@code truncate} keeps (0 to 128)
 * @param visitorId Cookieless visitor ids
 * @param userAgent Parsing and classification of user agents
 */
@ConfigurationProperties("unisights.privacy")
public record PrivacyProperties(@DefaultValue("anonymize") SignalPolicy gpc, @DefaultValue("ignore") SignalPolicy dnt,
		@DefaultValue("keep") AddressPolicy ip, @DefaultValue("24") int ipv4PrefixLength,
		@DefaultValue("48") int ipv6PrefixLength, @DefaultValue VisitorId visitorId, @DefaultValue UserAgent userAgent) {

	/**
	 * Checks the components.
	 */
	public PrivacyProperties {
		if (ipv4PrefixLength < 0 || ipv4PrefixLength > 32) {
			throw new IllegalArgumentException(
					"unisights.privacy.ipv4-prefix-length must be 0 to 32 but was " + ipv4PrefixLength);
		}
		if (ipv6PrefixLength < 0 || ipv6PrefixLength > 128) {
			throw new IllegalArgumentException(
					"unisights.privacy.ipv6-prefix-length must be 0 to 128 but was " + ipv6PrefixLength);
		}
	}

	/**
	 * Cookieless visitor ids ({@code RequestContext.visitorId()}).
	 *
	 * @param enabled Whether each request gets a visitor id: HMAC-SHA256 under a random
	 * salt of the day (UTC) of the site, the address and the user agent; yesterday's salt
	 * is kept for the overlap, older ones are destroyed. Salts live in memory, or in the
	 * jdbc delivery store's database when that store is used, so that every replica
	 * computes the same id
	 */
	public record VisitorId(@DefaultValue("true") boolean enabled) {

	}

	/**
	 * Parsing and classification of user agents.
	 *
	 * @param enabled Whether user agents are parsed (browser, operating system, device
	 * class) and classified (crawlers, monitors, HTTP libraries, headless browsers); off,
	 * {@code RequestContext.agent()} is {@code null} and every request counts as a person's
	 * @param cacheSize Most distinct user agents whose classification is kept; a browser
	 * population has far fewer, so nearly every request is a cache hit
	 */
	public record UserAgent(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int cacheSize) {

		/**
		 * Checks the components.
		 */
		public UserAgent {
			if (cacheSize < 0) {
				throw new IllegalArgumentException(
						"unisights.privacy.user-agent.cache-size must be 0 or more but was " + cacheSize);
			}
		}

	}

	/** What a request carrying a privacy signal gets. */
	public enum SignalPolicy {

		/** Delivered like any other; the signal is still reported. */
		IGNORE,

		/** Delivered with the address truncated (at least) and the user agent reduced. */
		ANONYMIZE,

		/** Answered as if accepted, and not delivered. */
		DROP

	}

	/** What is kept of the client address. */
	public enum AddressPolicy {

		/** The address as the container reports it. */
		KEEP,

		/** The network part only: {@code 203.0.113.0}, {@code 2001:db8:85a3::}. */
		TRUNCATE,

		/** An HMAC under the day's visitor salt: equal within a day, unlinkable after. */
		HASH,

		/** Nothing. */
		DROP

	}

}
