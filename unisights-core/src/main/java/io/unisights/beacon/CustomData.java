package io.unisights.beacon;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Checks the {@code data} string of a custom event, {@code JSON.stringify(value)} of any
 * JSON value, by scanning its tokens: nothing is built, so checking costs no tree.
 */
final class CustomData {

	private CustomData() {
	}

	/**
	 * @return what is wrong with the string, to follow its field path in a problem, or
	 * {@code null} when it is one JSON value within the parser's limits (or blank)
	 */
	static @Nullable String problem(String json) {
		try (JsonParser parser = BeaconJson.MAPPER.createParser(json)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				return null;
			}
			while (true) {
				if (token == null) {
					return "must be a JSON document in a string";
				}
				if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
					return "holds a number beyond the range of a double at "
							+ valuePath(BeaconJson.pathOf(parser.streamReadContext()));
				}
				if (parser.streamReadContext().inRoot()) {
					break;
				}
				token = parser.nextToken();
			}
			return (parser.nextToken() == null) ? null : "must hold one JSON value, not several";
		}
		catch (StreamConstraintsException ex) {
			return BeaconJson.limitProblem(ex);
		}
		catch (JacksonException ex) {
			return "must be a JSON document in a string";
		}
	}

	private static String valuePath(String path) {
		return path.isEmpty() ? "its root" : path;
	}

}
