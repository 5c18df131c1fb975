package io.unisights.beacon;

import io.unisights.beacon.WireKeys.Key;

/**
 * The bytes the SDK writes before each value of one object after the first, {@code ,"key":},
 * one per key {@link WireKeys} declares, for {@link SdkLayoutReader} to compare a word at a
 * time.
 */
final class KeyLiterals<K extends Enum<K> & Key> {

	private final Literal[] literals;

	KeyLiterals(WireKeys.Table<K> table) {
		this.literals = table.keys().stream().map((key) -> new Literal(",\"" + key.wireName() + "\":"))
			.toArray(Literal[]::new);
	}

	/** {@code ,"key":} of the key. */
	Literal of(K key) {
		return this.literals[key.ordinal()];
	}

	/** The bytes that open an object whose first key is this one, {@code {"key":}, after {@code prefix}. */
	static Literal first(String prefix, Key key) {
		return new Literal(prefix + "{\"" + key.wireName() + "\":");
	}

}
