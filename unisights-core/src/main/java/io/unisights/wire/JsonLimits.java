package io.unisights.wire;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits every JSON parser of this library applies to outside input (beacons, server
 * events, link tokens), chosen on purpose rather than left to Jackson's defaults, and the
 * helpers that name the field a limit was hit in.
 */
public final class JsonLimits {

	/**
	 * Deepest nesting accepted, in a body and in a custom event's {@code data} string. The
	 * browser SDK's body needs 5 levels and page state given to {@code JSON.stringify}
	 * rarely passes 20. 256 stays well inside Jackson's 500-level read and write defaults,
	 * leaving room for the envelopes dead letters and forwarders wrap around an item, so
	 * whatever is accepted can be written again by a default-configured mapper.
	 */
	public static final int MAX_NESTING_DEPTH = 256;

	/**
	 * Longest number accepted, in characters. The longest number {@code JSON.stringify} or
	 * serde writes is 24 characters ({@code -1.7976931348623157e+308}); a far longer one is
	 * no number a real client sent, and refusing it in the tokenizer spares the big-number
	 * arithmetic.
	 */
	public static final int MAX_NUMBER_LENGTH = 100;

	/** Longest key accepted, in characters. */
	public static final int MAX_NAME_LENGTH = 1024;

	private JsonLimits() {
	}

	/**
	 * Builds a mapper that applies these limits. Strings get no limit of their own: every
	 * string is part of a body, and the body's size is what the collector limits.
	 * @return a new mapper
	 */
	public static JsonMapper mapper() {
		return JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.maxNameLength(MAX_NAME_LENGTH)
				.maxStringLength(Integer.MAX_VALUE)
				.build())
			.build()).build();
	}

	/**
	 * Says which limit a parser hit, to follow a field path in a problem.
	 * @param ex what the parser threw
	 * @return for example {@code nests deeper than 256 levels}
	 */
	public static String problem(StreamConstraintsException ex) {
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
	 * Says in words of this library why and where a body is not JSON. A parser's own
	 * message is never passed on: it names the parser's features and settings, quotes the
	 * input back and changes with the parser's version.
	 * @param ex what the parser threw
	 * @return for example {@code is not valid JSON: it ends early (line 1, column 27)}
	 */
	public static String malformed(JacksonException ex) {
		String what = (ex instanceof UnexpectedEndOfInputException) ? "is not valid JSON: it ends early"
				: "is not valid JSON";
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
			return what;
		}
		return what + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	/**
	 * The path of the value a parser was reading, in the dotted form problems use, such as
	 * {@code data.events[0].data.x}.
	 * @param context the parser's context when it failed
	 * @return the path, empty at the root
	 */
	public static String pathOf(@Nullable TokenStreamContext context) {
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

	/**
	 * Finds a floating-point number that is not finite: {@code 1e400} parses to infinity,
	 * which JSON cannot hold, so no writer can pass it on as sent.
	 * @param node the tree to search
	 * @return the path of the number below {@code node}, such as {@code .a[2]} ({@code ""}
	 * for the node itself), or {@code null} when every number is finite
	 */
	public static @Nullable String nonFinite(JsonNode node) {
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

}
