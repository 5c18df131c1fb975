package io.unisights.beacon;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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

	static final JsonMapper MAPPER = JsonLimits.mapper();

	static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

	/** The JavaScript {@code Date} range: 8.64e15 milliseconds either side of the epoch. */
	static final double MAX_TIMESTAMP = 8.64e15;

	private BeaconJson() {
	}

	/**
	 * Returns a number node that any Jackson generator writes as {@code JSON.stringify}
	 * does: shortest digits, no fraction on whole values, plain notation from 1e-6 up to
	 * 1e21 ({@code 0.0000041}, {@code 1796097600000}), exponential outside it
	 * ({@code 1.5e-7}, {@code 1e+21}).
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
		BigDecimal decimal = shortest(value);
		double magnitude = Math.abs(value);
		if (magnitude >= 1e-6 && magnitude < 1e21) {
			// BigDecimal writes this range without an exponent once whole values lose theirs.
			return DecimalNode.valueOf((decimal.scale() < 0) ? decimal.setScale(0) : decimal);
		}
		return new JavaScriptNumberNode(value, exponential(decimal));
	}

	/**
	 * The shortest decimal that reads back as the value, as JavaScript picks it. Java's
	 * (Schubfach, on every JDK) always has two digits at least, the closer of them when one
	 * would do: {@code 4.9E-324} where JavaScript writes {@code 5e-324}.
	 */
	private static BigDecimal shortest(double value) {
		BigDecimal decimal = new BigDecimal(NumberOutput.toString(value, true)).stripTrailingZeros();
		if (decimal.precision() == 2) {
			for (RoundingMode mode : new RoundingMode[] { RoundingMode.HALF_EVEN, RoundingMode.UP,
					RoundingMode.DOWN }) {
				BigDecimal one = decimal.round(new MathContext(1, mode));
				if (one.doubleValue() == value) {
					return one;
				}
			}
		}
		return decimal;
	}

	/** JavaScript's exponential form of a decimal: {@code 1.5e-7}, {@code 1e+21}. */
	private static String exponential(BigDecimal decimal) {
		String digits = decimal.unscaledValue().abs().toString();
		int exponent = digits.length() - 1 - decimal.scale();
		StringBuilder text = new StringBuilder((decimal.signum() < 0) ? "-" : "");
		text.append(digits.charAt(0));
		if (digits.length() > 1) {
			text.append('.').append(digits, 1, digits.length());
		}
		return text.append('e').append((exponent < 0) ? "-" : "+").append(Math.abs(exponent)).toString();
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
		if (node.isFloatingPointNumber() && !node.isBigDecimal() && !(node instanceof JavaScriptNumberNode)) {
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
