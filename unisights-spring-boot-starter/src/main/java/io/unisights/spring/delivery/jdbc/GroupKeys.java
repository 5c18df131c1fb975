package io.unisights.spring.delivery.jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The duplicate keys a group commit claims, each once. An item whose key an earlier item
 * of the same group holds is a duplicate of that item, whether that one is stored or not:
 * claimed twice, the key would fail the whole group, and every sender in it would be told
 * to retry. Worked out here once for every database's way of committing.
 */
final class GroupKeys {

	private final List<JdbcDialect.KeyClaim> claims;

	private final boolean[] first;

	private GroupKeys(List<JdbcDialect.KeyClaim> claims, boolean[] first) {
		this.claims = claims;
		this.first = first;
	}

	/**
	 * Reads the keys of a group.
	 * @param inserts the group's items
	 * @return its keys
	 */
	static GroupKeys of(List<JdbcDeliveryRepository.Insertion> inserts) {
		List<JdbcDialect.KeyClaim> claims = List.of();
		boolean[] first = new boolean[inserts.size()];
		Set<String> seen = null;
		for (int i = 0; i < first.length; i++) {
			JdbcDialect.KeyClaim key = inserts.get(i).key();
			if (key == null) {
				continue;
			}
			if (seen == null) {
				// Most groups hold no key at all (duplicate suppression off, or server events).
				seen = new HashSet<>();
				claims = new ArrayList<>();
			}
			if (seen.add(key.key())) {
				claims.add(key);
				first[i] = true;
			}
		}
		return new GroupKeys(claims, first);
	}

	/**
	 * The keys to claim.
	 * @return the keys, in the order of their first items; empty when no item has one
	 */
	List<JdbcDialect.KeyClaim> claims() {
		return this.claims;
	}

	/**
	 * Whether an item claims its key.
	 * @param item the item's index in the group
	 * @return {@code true} for the first item of a key, {@code false} for a repeat or an item
	 * without a key
	 */
	boolean first(int item) {
		return this.first[item];
	}

	/**
	 * Picks the items a group stores, given what became of its claims.
	 * @param inserts the group's items, as given to {@link #of}
	 * @param claimed per claim, in {@link #claims()} order, whether the key was new
	 * @return per item, whether it is stored: it has no key, or it is the first of a key
	 * that was new
	 */
	boolean[] stored(List<JdbcDeliveryRepository.Insertion> inserts, boolean[] claimed) {
		boolean[] stored = new boolean[this.first.length];
		int claim = 0;
		for (int i = 0; i < stored.length; i++) {
			if (this.first[i]) {
				stored[i] = claimed[claim++];
			}
			else {
				stored[i] = inserts.get(i).key() == null;
			}
		}
		return stored;
	}

}
