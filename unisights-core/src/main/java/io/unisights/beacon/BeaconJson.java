package io.unisights.beacon;

import java.math.BigDecimal;
import java.util.Map;

import io.unisights.wire.JsonLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON machinery shared by the package: one immutable, thread-safe mapper with the
 * library's {@link JsonLimits}, and the conversions that write numbers as JavaScript does.
 */
final class BeaconJson {

	static final int MAX_NESTING_DEPTH = JsonLimits.MAX_NESTING_DEPTH;

	static final JsonMapper MAPPER = JsonLimits.mapper();

	static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

	/** The JavaScript {@code Date} range: 8.64e15 milliseconds either side of the epoch. */
	static final double MAX_TIMESTAMP = 8.64e15;

	private BeaconJson() {
	}

	/**
	 * Returns a number node that any Jackson generator writes as {@code JSON.stringify}
	 * does: shortest digits, no fraction on whole values, plain notation from 1e-6 up to
	 * 1e21 ({@code 0.0000041}, {@code 1796097600000}). Outside that range the notation is
	 * exponential, with Java's capital {@code E}.
	 */
	static JsonNode number(double value) {
		if (value == 0) {
			// -0 too: JSON.stringify(-0) is "0".
			return NODES.numberNode(0);
		}
		if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
			return NODES.numberNode((long) value);
		}
		// The shortest decimal that reads back as the same double (Schubfach, on every JDK).
		BigDecimal decimal = new BigDecimal(NumberOutput.toString(value, true)).stripTrailingZeros();
		if (decimal.scale() < 0 && Math.abs(value) < 1e21) {
			decimal = decimal.setScale(0);
		}
		return DecimalNode.valueOf(decimal);
	}

	/** A deep copy whose floating-point numbers are written in JavaScript form. */
	static JsonNode jsCopy(JsonNode node) {
		if (node.isObject()) {
			ObjectNode copy = NODES.objectNode();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				copy.set(entry.getKey(), jsCopy(entry.getValue()));
			}
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = NODES.arrayNode(node.size());
			for (JsonNode element : node) {
				copy.add(jsCopy(element));
			}
			return copy;
		}
		if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
			return number(node.doubleValue());
		}
		return node;
	}

	static @Nullable String nonFinite(JsonNode node) {
		return JsonLimits.nonFinite(node);
	}

	static String limitProblem(StreamConstraintsException ex) {
		return JsonLimits.problem(ex);
	}

	static String pathOf(@Nullable TokenStreamContext context) {
		return JsonLimits.pathOf(context);
	}

}
