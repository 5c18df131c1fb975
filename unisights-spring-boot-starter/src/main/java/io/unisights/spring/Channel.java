package io.unisights.spring;

/**
 * The way an event reached the collector. The {@linkplain #wireName() wire name} is what
 * appears in dead-letter files, forwarded records and metric tags.
 */
public enum Channel {

	/** Analytics batch sent by the unisights browser SDK. */
	BEACON("beacon"),

	/** Email open, reported by the tracking pixel. */
	OPEN("open"),

	/** Email link click, reported by the redirect endpoint. */
	CLICK("click"),

	/** Canonical business event posted by another backend. */
	INGEST("ingest");

	private final String wireName;

	Channel(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Lower-case name used on the wire, in files and in metric tags.
	 * @return the wire name, such as {@code beacon}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Looks a channel up by its wire name.
	 * @param wireName a name such as {@code click}
	 * @return the channel
	 * @throws IllegalArgumentException if no channel has that name
	 */
	public static Channel fromWireName(String wireName) {
		return WireNames.find(values(), Channel::wireName, wireName)
			.orElseThrow(() -> new IllegalArgumentException("Unknown channel '" + wireName + "'"));
	}

}
