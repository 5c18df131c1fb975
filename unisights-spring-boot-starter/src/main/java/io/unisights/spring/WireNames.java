package io.unisights.spring;

import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Looks the constant of an enum up by its wire name, for the enums of this package that
 * are written to the wire by name.
 */
final class WireNames {

	private WireNames() {
	}

	/**
	 * The constant whose wire name is exactly {@code name}.
	 * @param constants the enum's {@code values()}
	 * @param wireName a constant's wire name
	 * @param name the name read
	 * @return the constant, empty if none has that name
	 */
	static <E extends Enum<E>> Optional<E> find(E[] constants, Function<E, String> wireName, String name) {
		return find(constants, wireName, String::equals, name);
	}

	/**
	 * The constant whose wire name is {@code name} in any case.
	 * @param constants the enum's {@code values()}
	 * @param wireName a constant's wire name
	 * @param name the name read
	 * @return the constant, empty if none has that name
	 */
	static <E extends Enum<E>> Optional<E> findIgnoringCase(E[] constants, Function<E, String> wireName, String name) {
		return find(constants, wireName, String::equalsIgnoreCase, name);
	}

	private static <E extends Enum<E>> Optional<E> find(E[] constants, Function<E, String> wireName,
			BiPredicate<String, String> same, String name) {
		for (E constant : constants) {
			if (same.test(wireName.apply(constant), name)) {
				return Optional.of(constant);
			}
		}
		return Optional.empty();
	}

}
