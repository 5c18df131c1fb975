package io.unisights.beacon;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies one edit to a JSON document: {@code /a/b=value} sets (numbers stay numbers),
 * {@code /a/b} removes.
 */
final class Edits {

	private Edits() {
	}

	static void apply(JsonNode root, String edit) {
		int eq = edit.indexOf('=');
		String pointer = (eq < 0) ? edit : edit.substring(0, eq);
		int slash = pointer.lastIndexOf('/');
		JsonNode parent = root.at(pointer.substring(0, slash));
		String name = pointer.substring(slash + 1);
		if (eq < 0) {
			if (parent instanceof ArrayNode array) {
				array.remove(Integer.parseInt(name));
			}
			else {
				((ObjectNode) parent).remove(name);
			}
			return;
		}
		String value = edit.substring(eq + 1);
		JsonNode node = value.matches("-?\\d+(\\.\\d+)?") ? BeaconJson.MAPPER.readTree(value)
				: BeaconJson.NODES.stringNode(value);
		((ObjectNode) parent).set(name, node);
	}

}
