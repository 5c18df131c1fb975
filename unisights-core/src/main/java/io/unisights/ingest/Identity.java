package io.unisights.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Who an event is about, as the sending system knows them. Every part is optional; keys
 * other than {@code id}, {@code email} and {@code phone} (an account number, a CRM id)
 * travel in {@code extras}.
 *
 * @param id the subject's id in the sending system, for example {@code cus_123}
 * @param email the subject's email address
 * @param phone the subject's phone number, preferably E.164
 * @param extras other identifying keys, kept in the order they were sent
 */
public record Identity(@Nullable String id, @Nullable String email, @Nullable String phone,
		Map<String, JsonNode> extras) {

	private static final Identity EMPTY = new Identity(null, null, null, Map.of());

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public Identity {
		extras = extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
	}

	/**
	 * An identity with no parts, for events about no particular person.
	 * @return the empty identity
	 */
	public static Identity none() {
		return EMPTY;
	}

	/**
	 * An identity known by its id only.
	 * @param id the subject's id in the sending system
	 * @return the identity
	 */
	public static Identity of(String id) {
		return new Identity(id, null, null, Map.of());
	}

	/**
	 * Whether no part is set.
	 * @return {@code true} for an identity with no id, email, phone or extras
	 */
	public boolean isEmpty() {
		return this.id == null && this.email == null && this.phone == null && this.extras.isEmpty();
	}

}
