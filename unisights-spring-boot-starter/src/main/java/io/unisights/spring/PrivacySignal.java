package io.unisights.spring;

import java.util.Locale;

/**
 * A privacy preference the client's request carried. The collector reads them on every
 * beacon, open and click, applies {@code unisights.privacy.gpc} and
 * {@code unisights.privacy.dnt}, and tells the handlers which ones came in
 * {@link RequestContext#privacySignals()}.
 */
public enum PrivacySignal {

	/**
	 * Global Privacy Control: {@code Sec-GPC: 1}, an opt-out of sale and sharing that
	 * several US state laws make binding and that reads as an objection under the GDPR.
	 */
	GPC,

	/** Do Not Track: {@code DNT: 1}, deprecated by browsers but still sent by some. */
	DNT;

	/**
	 * Lower-case name used on the wire.
	 * @return {@code gpc} or {@code dnt}
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads a wire name.
	 * @param wireName {@code gpc} or {@code dnt}, in any case
	 * @return the signal
	 * @throws IllegalArgumentException if the name is neither
	 */
	public static PrivacySignal fromWireName(String wireName) {
		return WireNames.findIgnoringCase(values(), PrivacySignal::wireName, wireName)
			.orElseThrow(() -> new IllegalArgumentException("Unknown privacy signal '" + wireName + "'"));
	}

}
