package io.unisights.beacon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Campaign parameters of a session, exactly as the SDK sent them ({@code utm_params}). The
 * five standard keys have accessors; custom keys are kept and available from
 * {@link #values()}.
 *
 * @param values every parameter by its wire name, in the order sent
 */
public record UtmParams(Map<String, String> values) {

	private static final UtmParams NONE = new UtmParams(Map.of());

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public UtmParams {
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/**
	 * Returns parameters without any value.
	 * @return the empty parameters
	 */
	public static UtmParams none() {
		return NONE;
	}

	/**
	 * Returns one parameter by its wire name.
	 * @param name the wire name, for example {@code utm_term} or a custom key
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable String get(String name) {
		return this.values.get(name);
	}

	/**
	 * Returns {@code utm_source}.
	 * @return the source, or {@code null}
	 */
	public @Nullable String source() {
		return get("utm_source");
	}

	/**
	 * Returns {@code utm_medium}.
	 * @return the medium, or {@code null}
	 */
	public @Nullable String medium() {
		return get("utm_medium");
	}

	/**
	 * Returns {@code utm_campaign}.
	 * @return the campaign, or {@code null}
	 */
	public @Nullable String campaign() {
		return get("utm_campaign");
	}

	/**
	 * Returns {@code utm_term}.
	 * @return the term, or {@code null}
	 */
	public @Nullable String term() {
		return get("utm_term");
	}

	/**
	 * Returns {@code utm_content}.
	 * @return the content, or {@code null}
	 */
	public @Nullable String content() {
		return get("utm_content");
	}

}
