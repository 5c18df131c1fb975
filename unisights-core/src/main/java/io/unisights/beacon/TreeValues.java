package io.unisights.beacon;

import java.util.UUID;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The values of a JSON tree as the tree reader takes them, each refusal naming the field's
 * path; paths are only built when a refusal needs one.
 */
final class TreeValues {

	static final String ROOT = "data";

	static final String HTTP_URL = "must be an http or https URL with a host";

	static final String NOT_FINITE = "must be a finite number: it is beyond the range of a double";

	private TreeValues() {
	}

	/** Builds the JSON path of a field, only when an error needs it. */
	@FunctionalInterface
	interface Paths {

		String path(String name);

	}

	static @Nullable String optionalString(@Nullable JsonNode node, Paths paths, String name) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isString()) {
			throw invalid(paths.path(name), "must be a string");
		}
		return node.stringValue();
	}

	static @Nullable Integer optionalInt(@Nullable JsonNode node, Paths paths, String name) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isNumber() || !isWhole(node) || !node.canConvertToInt() || node.intValue() < 0) {
			throw invalid(paths.path(name), "must be a whole number from 0 to 2147483647");
		}
		return node.intValue();
	}

	static @Nullable Double optionalNumber(@Nullable JsonNode node, Paths paths, String name, NumberRange range) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isNumber()) {
			throw invalid(paths.path(name), "must be a number");
		}
		double value = doubleOf(node);
		if (!range.contains(value)) {
			throw invalid(paths.path(name), range.problem);
		}
		return value;
	}

	/**
	 * The double a JSON number stands for, as JavaScript's {@code JSON.parse} reads it:
	 * nearest double, {@code -0} as 0, out of range as infinite (which no range contains).
	 */
	static double doubleOf(JsonNode node) {
		double value;
		if (node.isBigInteger()) {
			value = node.bigIntegerValue().doubleValue();
		}
		else if (node.isBigDecimal()) {
			value = node.decimalValue().doubleValue();
		}
		else {
			value = node.doubleValue();
		}
		return value + 0.0;
	}

	/** A value kept as a tree (an unknown key's), refused where it holds a number no writer can write. */
	static JsonNode finite(JsonNode value, Paths paths, String name) {
		String nonFinite = BeaconJson.nonFinite(value);
		if (nonFinite != null) {
			throw invalid(paths.path(name) + nonFinite, NOT_FINITE);
		}
		return value;
	}

	private static boolean isWhole(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.canConvertToLong();
		}
		double value = doubleOf(node);
		return value == Math.rint(value) && Math.abs(value) < 0x1p53;
	}

	static boolean isAbsent(@Nullable JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

	static boolean isUuid(String value) {
		if (value.length() != 36) {
			return false;
		}
		try {
			UUID.fromString(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static BeaconDecodingException invalid(String path, String problem) {
		return new BeaconDecodingException(Reason.INVALID_FIELD, path, path + " " + problem, null);
	}

	static BeaconDecodingException missing(String path, String name) {
		return new BeaconDecodingException(Reason.MISSING_FIELD, path, name + " is required", null);
	}

}
