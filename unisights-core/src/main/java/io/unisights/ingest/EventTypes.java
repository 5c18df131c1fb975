package io.unisights.ingest;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types a receiver accepts: the canonical types below, plus any a host adds.
 * Types are lower-case {@code <entity>.<what happened>} names, past tense.
 * <table>
 * <caption>Canonical event types</caption>
 * <tr><th>Entity</th><th>Types</th></tr>
 * <tr><td>customer</td><td>created, updated, deleted, merged</td></tr>
 * <tr><td>account</td><td>created, updated, deleted, verified, signed_in, signed_out,
 * password_reset, locked, unlocked</td></tr>
 * <tr><td>order</td><td>created, updated, paid, fulfilled, shipped, delivered, cancelled,
 * refunded, returned</td></tr>
 * <tr><td>payment</td><td>authorized, succeeded, failed, refunded, disputed</td></tr>
 * <tr><td>subscription</td><td>created, updated, renewed, upgraded, downgraded, paused,
 * resumed, cancelled, expired, trial_started, trial_ended</td></tr>
 * <tr><td>cart</td><td>created, updated, item_added, item_removed, abandoned, recovered,
 * checked_out</td></tr>
 * <tr><td>product</td><td>created, updated, deleted, viewed, out_of_stock,
 * back_in_stock</td></tr>
 * <tr><td>email</td><td>sent, delivered, opened, clicked, bounced, complained,
 * unsubscribed</td></tr>
 * </table>
 * Instances are immutable and thread-safe.
 */
public final class EventTypes {

	private static final Set<String> CANONICAL_TYPES = Collections.unmodifiableSet(new LinkedHashSet<>(
			expand("customer", "created", "updated", "deleted", "merged")
				.and("account", "created", "updated", "deleted", "verified", "signed_in", "signed_out", "password_reset",
						"locked", "unlocked")
				.and("order", "created", "updated", "paid", "fulfilled", "shipped", "delivered", "cancelled",
						"refunded", "returned")
				.and("payment", "authorized", "succeeded", "failed", "refunded", "disputed")
				.and("subscription", "created", "updated", "renewed", "upgraded", "downgraded", "paused", "resumed",
						"cancelled", "expired", "trial_started", "trial_ended")
				.and("cart", "created", "updated", "item_added", "item_removed", "abandoned", "recovered",
						"checked_out")
				.and("product", "created", "updated", "deleted", "viewed", "out_of_stock", "back_in_stock")
				.and("email", "sent", "delivered", "opened", "clicked", "bounced", "complained", "unsubscribed")
				.types));

	private static final EventTypes CANONICAL = new EventTypes(CANONICAL_TYPES);

	private final Set<String> types;

	private EventTypes(Set<String> types) {
		this.types = types;
	}

	/**
	 * The canonical types only.
	 * @return the registry of canonical types
	 */
	public static EventTypes canonical() {
		return CANONICAL;
	}

	/**
	 * Returns a registry that also knows the given types, for events particular to a
	 * host such as {@code loyalty.points_earned}.
	 * @param extraTypes the additional types
	 * @return a new registry
	 * @throws IllegalArgumentException if a type is blank
	 */
	public EventTypes with(Collection<String> extraTypes) {
		if (extraTypes.isEmpty()) {
			return this;
		}
		Set<String> all = new LinkedHashSet<>(this.types);
		for (String type : extraTypes) {
			if (type == null || type.isBlank()) {
				throw new IllegalArgumentException("Event types must not be blank");
			}
			all.add(type.trim());
		}
		return new EventTypes(Collections.unmodifiableSet(all));
	}

	/**
	 * Whether the registry knows a type.
	 * @param type a type such as {@code order.created}
	 * @return {@code true} if known
	 */
	public boolean contains(String type) {
		return this.types.contains(type);
	}

	/**
	 * Every type the registry knows, canonical ones first, in a stable order.
	 * @return an unmodifiable set
	 */
	public Set<String> all() {
		return this.types;
	}

	private static Expansion expand(String entity, String... actions) {
		return new Expansion().and(entity, actions);
	}

	private static final class Expansion {

		private final Set<String> types = new LinkedHashSet<>();

		Expansion and(String entity, String... actions) {
			for (String action : actions) {
				this.types.add(entity + "." + action);
			}
			return this;
		}

	}

}
