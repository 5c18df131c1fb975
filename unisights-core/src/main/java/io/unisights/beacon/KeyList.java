package io.unisights.beacon;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Collects the keys of one object as they are read, with the result of
 * {@link WireKeys#add} and {@link WireKeys#of}: the shared canonical list when the keys came
 * in the SDK's order, an immutable copy otherwise. Keys in the SDK's order, the common case,
 * cost a comparison each and no list of their own.
 */
final class KeyList {

	private final List<String> canonical;

	private int matched;

	private @Nullable List<String> received;

	KeyList(List<String> canonical) {
		this.canonical = canonical;
	}

	void add(String key) {
		if (this.received == null) {
			if (this.matched < this.canonical.size() && this.canonical.get(this.matched).equals(key)) {
				this.matched++;
				return;
			}
			if (this.canonical.subList(0, this.matched).contains(key)) {
				return;
			}
			this.received = new ArrayList<>(this.canonical.subList(0, this.matched));
		}
		WireKeys.add(this.received, key);
	}

	List<String> keys() {
		if (this.received != null) {
			return WireKeys.of(this.received, this.canonical);
		}
		return (this.matched == this.canonical.size()) ? this.canonical
				: List.copyOf(this.canonical.subList(0, this.matched));
	}

}
