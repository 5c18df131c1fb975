package io.unisights.beacon;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON machinery shared by the package: one immutable, thread-safe mapper whose parser
 * limits are set on purpose, and the conversions that write numbers as JavaScript does.
 */
final class BeaconJson {

	/**
	 * Deepest nesting accepted, in the body and in a custom event's {@code data} string. The
	 * SDK's own body needs 5 levels; page state passed to {@code JSON.stringify} rarely
	 * passes 20. 256 stays well inside Jackson's 500-level read and write defaults, leaving
	 * room for the envelopes dead letters and forwarders wrap around a payload, so whatever
	 * is accepted can be written again by a default-configured mapper.
	 */
	static final int MAX_NESTING_DEPTH = 256;

	/**
	 * Longest number accepted, in characters. The longest number {@code JSON.stringify} or
	 * serde writes is 24 characters ({@code -1.7976931348623157e+308}); anything far longer
	 * is not a number a browser sent, and refusing it in the tokenizer spares the big-number
	 * arithmetic.
	 */
	static final int MAX_NUMBER_LENGTH = 100;

	/** Longest key accepted; the SDK's keys are short and extras are named by pages. */
	static final int MAX_NAME_LENGTH = 1024;

	static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxNameLength(MAX_NAME_LENGTH)
			// No string limit of its own: every string is part of the body, and the body's
			// size is what the collector limits (unisights.collect.max-payload-size).
			.maxStringLength(Integer.MAX_VALUE)
			.build())
		.build()).build();

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

	/**
	 * Finds a floating-point number that is not finite ({@code 1e400} parses to infinity,
	 * which no JSON writer can write back).
	 * @return the path of the number below {@code node}, such as {@code .a[2]}, or
	 * {@code null} when every number is finite
	 */
	static @Nullable String nonFinite(JsonNode node) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				String below = nonFinite(entry.getValue());
				if (below != null) {
					return "." + entry.getKey() + below;
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				String below = nonFinite(node.get(i));
				if (below != null) {
					return "[" + i + "]" + below;
				}
			}
		}
		else if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
			return "";
		}
		return null;
	}

	/** Says which of the limits above a parser hit, to follow a field path in a problem. */
	static String limitProblem(StreamConstraintsException ex) {
		String message = String.valueOf(ex.getOriginalMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("nesting")) {
			return "nests deeper than " + MAX_NESTING_DEPTH + " levels";
		}
		if (message.contains("number")) {
			return "holds a number longer than " + MAX_NUMBER_LENGTH + " characters";
		}
		if (message.contains("name")) {
			return "holds a key longer than " + MAX_NAME_LENGTH + " characters";
		}
		return "goes beyond the parser's limits";
	}

	/**
	 * The path of the value a parser was reading, in the dotted form problems use
	 * ({@code data.events[0].data.x}), for limits the tokenizer enforces.
	 */
	static String pathOf(@Nullable TokenStreamContext context) {
		ArrayDeque<String> segments = new ArrayDeque<>();
		for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
			if (at.inArray()) {
				segments.push("[" + Math.max(0, at.getCurrentIndex()) + "]");
			}
			else if (at.currentName() != null) {
				segments.push("." + at.currentName());
			}
		}
		String path = String.join("", segments);
		return path.startsWith(".") ? path.substring(1) : path;
	}

}
